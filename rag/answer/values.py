"""Find the value a question asks for inside a sentence: a number with its unit, a date or
time, an ordinal, a person's name after their title, a place after a motion verb, or the
words that fill the question's gap ("使用什么卫星导航系统" -> "使用北斗卫星导航系统")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.question import Kind, Question
from rag.lang import CJK_RANGES, HAN

_CN_DIGITS = "零〇一二三四五六七八九十百千万两"
# A number, possibly a range ("3-5年"); Chinese numerals must not start with 百/千/万 ("百年老城").
_NUM = rf"(?:\d+(?:\.\d+)?\s*[-－—~～至到])?(?:\d+(?:\.\d+)?|[零〇一二三四五六七八九十两][{_CN_DIGITS}]*)"
_APPROX = r"(?:约|近|超过|逾|达到?|共|累计|总计)?"
_SCALE = r"(?:万|亿|千|百)?"
_MORE = r"(?:多|余)?"
_GENERIC_UNIT = r"(?:周年|个百分点|[个位名人架台项次家年天岁座条列艘辆所期届批份种米吨元倍亩户篇场节段部])"
_PERCENT_RE = re.compile(r"\d+(?:\.\d+)?\s*[%％]|百分之[" + _CN_DIGITS + r"点]+")
_TIME_RE = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:凌晨|上午|中午|下午|晚上|傍晚|早上)?(?:\d{1,2}时(?:\d{1,2}分)?|\d{1,2}:\d{2})?"
)
_NAME_STOP = r"(?=[，。、；：！？,.;:!?\s（(“”]|和|与|及|以及|等|表示|说|指出|强调|出席|主持|会见|介绍|认为|告诉|称|是|在|也|到|率|同|对|向|为|的|$)"
# Zero-width so that overlapping candidates ("访问后赴杜尚别访问") are all tried.
_PLACE_RE = re.compile(
    rf"(?=(?:在|赴|到|抵达|前往|飞抵|来到|位于|访问)(?:百年老城|古城|首都|城市|美丽的)?({HAN}{{2,6}}?)"
    r"(?:[，。、；]|访问|出席|举行|参加|进行|迎接|的|$))"
)


@dataclass(frozen=True)
class Value:
    """The answer value found in a sentence: text and its offsets in that sentence."""

    text: str
    start: int
    end: int


def _first(pattern: re.Pattern[str] | str, sentence: str, group: int = 0, skip_numbers: set[str] | None = None) -> Value | None:
    """First match of pattern, skipping values that only repeat numbers from the question."""
    for match in re.finditer(pattern, sentence):
        text = match.group(group)
        if not text:
            continue
        numbers = re.findall(r"\d+(?:\.\d+)?", text)
        if skip_numbers and numbers and all(n in skip_numbers for n in numbers):
            continue
        return Value(text, match.start(group), match.end(group))
    return None


_DATE_LIKE = re.compile(r"^\d{4}年$|\d月$|\d日$")


def _all(pattern: re.Pattern[str], sentence: str, group: int = 0, skip_numbers: set[str] | None = None) -> list[Value]:
    """Matches that are real quantities: not a number the question already gave, not part of
    a code ("X9043次"), not a digit cut out of a longer number."""
    out = []
    for match in pattern.finditer(sentence):
        text = match.group(group)
        start = match.start(group)
        numbers = re.findall(r"\d+(?:\.\d+)?", text)
        if not text or (skip_numbers and numbers and all(n in skip_numbers for n in numbers)):
            continue
        before = sentence[start - 1] if start > 0 else ""
        if before.isascii() and (before.isalnum() or before == "."):
            continue
        if _is_date_part(text, before, sentence[match.end(group) : match.end(group) + 1]):
            continue
        out.append(Value(text, start, match.end(group)))
    return out


def _is_date_part(text: str, before: str, after: str) -> bool:
    """"1日" of "7月1日", "7月" of "7月1日", or a year: dates, not quantities."""
    if re.fullmatch(r"\d{1,2}日", text) and before == "月":
        return True
    if re.fullmatch(r"\d{1,2}月", text) and after.isdigit():
        return True
    return bool(re.fullmatch(r"\d{4}年", text))


def _nearest(values: list[Value], sentence: str, question: Question) -> Value | None:
    """The value closest after a question term (a long sentence may hold several numbers)."""
    if len(values) <= 1:
        return values[0] if values else None
    anchors = [m.end() for t in question.terms for f in t.forms if len(f) > 1 for m in re.finditer(re.escape(f), sentence)]
    if not anchors:
        return values[0]

    def distance(value: Value) -> float:
        gaps = [value.start - a if value.start >= a else 3 * (a - value.start) for a in anchors]
        return min(gaps)

    return min(values, key=distance)


def number_value(sentence: str, question: Question) -> Value | None:
    if question.kind == Kind.PERCENT:
        found = _nearest(_all(_PERCENT_RE, sentence), sentence, question)
        if found:
            return found
    unit = f"(?:{question.value_units})" if question.value_units else _GENERIC_UNIT
    values = _all(re.compile(rf"{_APPROX}{_NUM}{_SCALE}{_MORE}(?:个|名)?{unit}"), sentence, skip_numbers=question.numbers)
    if not question.value_units:
        values += _all(_PERCENT_RE, sentence)
        values += _all(re.compile(rf"{_NUM}{_SCALE}{_MORE}(?:千瓦|千瓦时|公里|美元|万元|亿元|人次)"), sentence, skip_numbers=question.numbers)
        values = [v for v in values if not _DATE_LIKE.search(v.text)]  # a year is not a quantity
        if not values:  # any measure word: "21响礼炮"
            values = _all(re.compile(rf"{_NUM}{_SCALE}{_MORE}{HAN}"), sentence, skip_numbers=question.numbers)
            values = [v for v in values if not _DATE_LIKE.search(v.text) and re.search(r"\d", v.text)]
    return _nearest(sorted(set(values), key=lambda v: v.start), sentence, question)


def time_value(sentence: str, question: Question) -> Value | None:
    best: Value | None = None
    for match in _TIME_RE.finditer(sentence):
        text = match.group()
        if len(text) < 2 or not re.search(r"\d", text) or text in question.text:
            continue
        if best is None or len(text) > len(best.text):
            best = Value(text, match.start(), match.end())
    return best


def ordinal_value(sentence: str, question: Question) -> Value | None:
    unit = re.escape(question.unit) if question.unit else HAN
    return _first(re.compile(rf"第[{_CN_DIGITS}\d]+{unit}"), sentence)


def person_roles(question: Question) -> list[str]:
    """The title the question asks a name for, longest first: "伊朗代理总统", "代理总统", "总统".
    Empty when the question asks "谁" of an action ("谁主持了会议？")."""
    if question.kind != Kind.PERSON:
        return []
    if question.lang == "en":
        return [f for t in question.focus_terms for f in t.forms if re.search(HAN, f) and len(f) >= 2]
    if question.wh.startswith("哪"):  # 哪位联合国秘书长: the title follows
        phrase = re.split(r"[的，,？?。是]", question.after)[0]
        cuts = [phrase[: len(phrase) - i] for i in range(len(phrase) - 1)]
    else:  # 伊朗代理总统是谁: the title precedes
        if not re.search(r"(是|为|叫)$", question.before):
            return []
        phrase = re.split(r"[的，,。]", re.sub(r"(是|为|叫)$", "", question.before))[-1]
        cuts = [phrase[i:] for i in range(len(phrase) - 1)]
    return [c for c in cuts if len(c) >= 2]


_NOT_THE_ROLE = "副前原"  # 副秘书长 is not 秘书长; 前秘书长 no longer is


QUALIFIER_WINDOW = 8  # the qualifier sits right before the title: 联合国秘书长, 聊城市委副书记、市长


def _qualified(sentence: str, at: int, role: str, roles: list[str], question: Question) -> bool:
    """A title shorter than the question's ("总统" for "伊朗代理总统", "秘书长" for the SCO's)
    counts only when the question's qualifier is printed just before it."""
    full = roles[0] if roles else role
    window = sentence[max(0, at - QUALIFIER_WINDOW) : at]
    if question.lang == "en":
        # Proper nouns next to the title in the question ("Secretary-General of the Shanghai
        # Cooperation Organisation") must be printed next to it in the text too.
        index = question.focus[0] if question.focus else 0
        near = [t for t in question.terms[max(0, index - 2) : index + 3] if t is not question.terms[index]]
        proper = [t for t in near if re.search(r"\b" + re.escape(t.surface.split()[0]) + r"\b", question.text, re.I) and _capitalised(t.surface, question.text)]
        return not proper or any(f in window for t in proper for f in t.forms if len(f) >= 2)
    if role == full:
        return True
    qualifier = full[: len(full) - len(role)]
    return any(qualifier[i : i + 2] in window for i in range(len(qualifier) - 1))


def _capitalised(surface: str, text: str) -> bool:
    match = re.search(re.escape(surface.split()[0]), text, re.I)
    return match is not None and match.start() > 0 and text[match.start()].isupper()


def person_value(sentence: str, question: Question) -> Value | None:
    """The name printed right after the title the question names (市长张百顺, 秘书长古特雷斯)."""
    roles = person_roles(question)
    for role in roles:
        pattern = re.compile(re.escape(role) + rf"(?![等和与及的在是为将也都])([{CJK_RANGES}·]{{2,8}}?)" + _NAME_STOP)
        for match in pattern.finditer(sentence):
            if match.start() > 0 and sentence[match.start() - 1] in _NOT_THE_ROLE and role[0] not in _NOT_THE_ROLE:
                continue  # 副秘书长 is not 秘书长
            if not _qualified(sentence, match.start(), role, roles, question):
                continue
            return Value(match.group(1), match.start(1), match.end(1))
    return None


_PLACE_SUFFIX = re.compile(r"(市|省|县|区|镇|村|州|城|岛|港|站|国)$")


def _looks_like_place(word: str) -> bool:
    """A dictionary place or transliterated name (jieba's tags), or a word with a place suffix."""
    from jieba import posseg

    tag = posseg.dt.word_tag_tab.get(word, "")
    return tag in ("ns", "nr", "nrt", "nz") or bool(_PLACE_SUFFIX.search(word))


def place_value(sentence: str, question: Question) -> Value | None:
    for match in _PLACE_RE.finditer(sentence):
        word = match.group(1)
        if word not in question.text and _looks_like_place(word):
            return Value(word, match.start(1), match.end(1))
    return None


def gap_value(sentence: str, question: Question) -> Value | None:
    """The words between the question's context on either side of its wh-word."""
    left = re.sub(r"[了过着的]$", "", re.split(r"[，,、]", question.before)[-1])[-2:]
    right = re.split(r"[？?，,。]", question.after)[0][:2]
    if not left or not right:
        return None
    found = _first(re.compile(re.escape(left) + r"了?([^，。；！？]{1,16}?)" + re.escape(right)), sentence, group=1)
    if found and any(len(t.surface) >= 2 and t.surface in found.text for t in question.terms):
        return None  # the gap repeats the question: it names nothing new
    return found


def find_value(sentence: str, question: Question) -> Value | None:
    """The value the question asks for, if this sentence states it."""
    kind = question.kind
    if question.lang == "en" and kind in (Kind.PLACE, Kind.ENTITY):
        return None  # needs the Chinese wording of the question to anchor on
    if kind in (Kind.NUMBER, Kind.PERCENT):
        return number_value(sentence, question)
    if kind == Kind.TIME:
        return time_value(sentence, question)
    if kind == Kind.ORDINAL:
        return ordinal_value(sentence, question)
    if kind == Kind.PERSON:
        return person_value(sentence, question)
    if kind == Kind.PLACE:
        return place_value(sentence, question) or gap_value(sentence, question)
    if kind == Kind.ENTITY:
        return gap_value(sentence, question)
    return None


def needs_value(question: Question) -> bool:
    """Whether an answer must contain a value of the kind asked for: a number, a date, an
    ordinal, the name behind a title, the specific thing a "which" question asks for."""
    if question.kind in (Kind.NUMBER, Kind.PERCENT, Kind.TIME, Kind.ORDINAL):
        return True
    if question.kind == Kind.PERSON:
        return bool(person_roles(question))
    return question.which and question.lang == "zh"
