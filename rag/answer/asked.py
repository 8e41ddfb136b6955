"""What a Chinese or English question asks for besides its kind of value: the units its
numeric answer must carry (多少辆, 价格) and the noun naming the thing asked for (哪家医院).
The office whose holder a 谁 question asks about is rag.answer.offices'."""

from __future__ import annotations

import re
from itertools import takewhile
from typing import TYPE_CHECKING, Any

import jieba.posseg

from rag.answer.lexicon import (
    COPULAS, DAY_ASKED, DAY_UNITS, EN_COUNT_UNITS, EN_MEASURED_COUNT, EN_MONEY_WORDS, EN_THINGS_COUNTED, EN_QUANTITY_UNITS, EN_UNITS_ASKED, EN_UNIT_ASKED, EN_MAJOR_ASKED, MEASURE_SYNONYMS, MEASURE_WORDS, MONEY_UNITS, NAME_SUFFIXES,
    MAJOR, PEOPLE_UNITS, PERSON_NOUN_SUFFIXES, WHICH_COUNT, WHICH_MEASURES, ZH_QUANTITY_UNITS, Kind,
)
from rag.answer.words import heads_an_institution, tag_words
from rag.lang import is_cjk

if TYPE_CHECKING:
    from rag.answer.question import Question
    from rag.answer.spans import Span

# What follows 哪 + a measure word (哪所大学, 哪一个站, or with a count: 哪两个港口, 哪几家企业)
# or 什么 (什么会议): the noun asked for. 什么样的 "what kind of" asks for one described, which
# is printed with the noun too (广泛包容的政治架构 for 什么样的政治架构); 什么样 alone asks how
# something looks. 哪国, 哪省, 哪市 ask for the country, province or city itself: in 哪国学生
# the student is what the answer describes, not what it names.
_ASKED_NOUN = re.compile(rf"(?:哪一?{WHICH_COUNT}[{WHICH_MEASURES}]|哪些|什么(?:样的|(?!样)))([\u4e00-\u9fff]+)")  # 哪些货物 too
_OPENING, _CLOSING = "“「『《‘", "”」』》’"  # marks a name is printed between
# A thing asked its name: "N(的名字)(又)叫什么", "N称为什么", "N的(官方)名称是什么", "N原名叫什么".
_NAMED_AS = re.compile(r"([\u4e00-\u9fff]+?)的?(官方|正式|原|全|简|本|英文|中文|外文|拉丁文?|学)?(?:(?:名字|名称|名)(?:是|为|叫)|(?:名字|名称)?(?:又|也|还)?(?:叫做|叫作|叫|称为|称作|名为))(?:什么|啥)")
_NAME_WORDS = {"名字", "名称", "姓名", "名"}  # the name itself, not the kind of thing named
_OTHER_TONGUE = {"英文", "中文", "外文", "拉丁", "拉丁文", "学"}  # 英文名, 学名: a name in another tongue


def value_units(question: Question) -> str:
    """Units a numeric answer must carry: the question's own measure word (with synonyms), or
    the class of quantity its words name (money for a price, people for a population); for a
    Chinese question asking which day, how a day is printed (a year is no answer to 哪天)."""
    if question.kind == Kind.TIME and question.lang != "en" and DAY_ASKED.search(question.text):
        return DAY_UNITS
    if question.kind not in (Kind.NUMBER, Kind.PERCENT):
        return ""
    if question.lang == "en" and re.search(EN_MAJOR_ASKED, question.text, re.I):
        question.unit = MAJOR  # "how many major industries" is answered by 五大, as 几大 is
    if question.unit == MAJOR:
        return major_units(question)
    if question.unit:
        return MEASURE_SYNONYMS.get(question.unit, re.escape(question.unit))
    english = question.lang == "en"
    subject = question.text.lower() if english else question.text
    # "How many tonnes" names the unit of a physical quantity, as 多少吨 does: the value must be
    # printed in a unit of it, and a sentence with none answers nothing (rag/answer/extractive.py).
    for pattern, units in EN_UNITS_ASKED if english else ():
        if re.search(EN_UNIT_ASKED.format(pattern), subject, re.I):
            question.named_quantity = True
            return units
    # (table, whether its units come from a named quantity): a counting phrase is like a
    # measure word, a named quantity (a price) demands that the answer state its units.
    tables = [(EN_COUNT_UNITS, False), (EN_QUANTITY_UNITS, True)] if english else [(ZH_QUANTITY_UNITS, True)]
    # "How many" counts things (how many companies invest); "how much" or a currency asks a sum.
    counted = english and re.search(r"\bhow many\b", subject) and not re.search(rf"\b{EN_MONEY_WORDS}\b", subject)
    for table, named in tables:
        for pattern, units in table:
            if counted and named and units.startswith(MONEY_UNITS):
                continue
            if re.search(pattern, subject):
                question.named_quantity = named
                return units
    # People counted by a noun for them are counted like 几个孩子: the units a short answer takes,
    # no test a sentence must pass (a share of them answers too: "一半以上病人…死亡").
    if not english and counts_people(question):
        return PEOPLE_UNITS
    if counted and not re.search(EN_MEASURED_COUNT, subject, re.I):
        return EN_THINGS_COUNTED
    return ""


def counts_people(question: Question) -> bool:
    """Whether a Chinese count question counts people by a noun for them (多少村民, 几名… is a
    measure word's business): the noun right after the question word ends in a person suffix."""
    words = [w for w in jieba.posseg.cut(question.after) if w.word.strip()]
    return bool(words) and _person_noun(words[0])


def names_person(word: str) -> bool:
    """Whether a Chinese word is one noun for people (客人, 学生, 记者): asked its name
    (这名学生叫什么名字), the question asks who."""
    words = jieba.posseg.lcut(word)
    return len(words) == 1 and _person_noun(words[0])


def _person_noun(word: Any) -> bool:
    return len(word.word) > 1 and word.flag.startswith("n") and word.word[-1] in PERSON_NOUN_SUFFIXES


def major_units(question: Question) -> str:
    """What ends the answer to 几大: 大 (五大), with the noun counted when it is one character
    bound to 大 (几大洲 -> 三大洲, 几大类 -> 四大类); a longer noun (几大传统产业) stays out of it."""
    bound = re.match(r"([\u4e00-\u9fff])(?:[的？?，,。]|$)", question.after)
    return MAJOR + (f"{re.escape(bound.group(1))}?" if bound else "")


def asked_noun(question: Question) -> str:
    """The noun a 哪/什么 question asks for, right after its question word and measure word
    (医院 of 哪家医院, 大学 of 在哪所大学, 站 of 哪个站): the answer is one of them, and its name
    ends in that noun (北京积水潭医院聊城医院)."""
    if question.kind not in (Kind.ENTITY, Kind.PLACE):
        return ""
    match = _ASKED_NOUN.search(question.text)
    words = [w for w in jieba.posseg.cut(match.group(1))] if match else []
    head = words[0] if words else None
    if head is None or head.word in _NAME_WORDS:
        return _named_thing(question.text)
    if not is_cjk(head.word):
        return ""
    described = _described_by(words)
    if described:
        words, head = words[described:], words[described]
    if match.group().startswith("什么样的") and head.flag.startswith("n"):
        # What is described is the whole noun phrase (政治|架构): the description ends in it.
        nouns = list(takewhile(lambda w: w.flag.startswith(("n", "vn")), words))
        return "".join(w.word for w in nouns[:3])
    # A lone character after a measure word is a noun (站, 县, 系), however jieba tags it alone,
    # unless it is a function word, a copula (哪个是…, 哪个更…) or a localizer closing a frame
    # round the question word (在建设什么上取得成效: the answer stands before 上, names no 上).
    lone_noun = len(head.word) == 1 and not head.flag.startswith(("p", "c", "u", "d", "r", "y", "f")) and head.word not in COPULAS | {"有"}
    # A verbal noun before a noun modifies it (哪一个发展战略: a 战略 of 发展): the compound is asked for.
    if head.flag == "vn" and len(words) > 1 and words[1].flag == "n":
        return head.word + words[1].word
    # Nouns in a row form a compound ending in its head where 的 ties the row to a noun after it
    # (民间|机构 of 哪个民间机构的作用). Elsewhere jieba tags adverbs and verbs as nouns too
    # (哪条高铁|全线开工, 哪所大学|读书).
    run = list(takewhile(lambda w: w.flag.startswith("n") and w.flag != "nr", words))
    rest = [w.word for w in words[len(run) :] if is_cjk(w.word)]
    if 1 < len(run) <= 3 and rest[:1] == ["的"] and len(rest) > 1:
        return "".join(w.word for w in run)
    # So does an adjective or distinguishing word of one character, which jieba cuts off the
    # noun it forms a compound with (高|产区 of 什么高产区, 新|技术).
    if len(head.word) == 1 and head.flag in ("a", "b") and len(words) > 1 and words[1].flag == "n":
        return head.word + words[1].word
    # jieba tags some nouns as abbreviations (j: 联盟) and nouns of place as place words (s: 口岸),
    # which are nouns too.
    # 人 "person" is a noun, but no kind a name ends in: 体育健儿, 企业家 are kinds of 人.
    return head.word if (head.flag.startswith(("n", "vn", "j", "s")) or lone_noun) and head.word != "人" else ""


def _described_by(words: list[Any]) -> int:
    """How many words open the phrase after the question word as a description ending in 的
    (著名|的 of 什么著名的战役): the noun asked for follows it. Only adjectives, distinguishing
    words and 性 nouns describe; in 哪个国家的赛车手 the 国家 before 的 is asked for."""
    for k, word in enumerate(words[:3]):
        if word.word == "的":
            return k + 1 if 0 < k and k + 1 < len(words) else 0
        if not (word.flag in ("a", "an", "b", "z", "d") or (word.flag.startswith("n") and word.word.endswith("性"))):
            return 0
    return 0


def _named_thing(text: str) -> str:
    """The noun a question asks the name of (机场 of "新建的机场叫什么", 专栏 of "金融专栏的名字是
    什么"): the name asked for is that thing's, and often ends in the noun (法赫德国王国际机场)."""
    match = _NAMED_AS.search(text)
    if match and match.group(2) in _OTHER_TONGUE:
        return ""  # its English or scientific name is no name of that kind (Saigon Thuong Tin)
    words = jieba.posseg.lcut(match.group(1)) if match else []
    last = words[-1] if words else None
    return last.word if last is not None and len(last.word) > 1 and last.flag.startswith(("n", "j")) and not last.flag.startswith("nr") else ""


def name_endings(noun: str) -> tuple[str, ...]:
    """What a name of the kind `noun` asks for may end in: the noun (阿富汗卡丹大学), the short
    form names of that kind take (库雷克港 for 港口), or the head of a compound noun: Chinese
    compounds end in their head, and a 电力公司 may be named 国网聊城供电公司; nothing when no
    noun is asked for."""
    if not noun:
        return ()
    heads = [w for w in jieba.lcut_for_search(noun) if 1 < len(w) < len(noun) and noun.endswith(w)]
    return tuple(dict.fromkeys((noun, *NAME_SUFFIXES.get(noun, ()), *heads)))


def names_asked(endings: tuple[str, ...], sentence: str, spans: list[Span]) -> list[float]:
    """1.0 for each candidate naming a thing of the kind asked for (`endings`, name_endings):
    a name ending in the noun, or a quoted name printed right after a phrase ending in it,
    which names it in apposition (最高荣誉“王冠勋章”, 项目《丝路》); that phrase then only
    describes the thing, as the noun alone does."""
    if not endings:
        return [0.0] * len(spans)
    # A name holds no preposition: "阿赫罗尔在学校" is a person and where he is, no 学校's name.
    words = tag_words(sentence)
    prepositions = [w.start for w in words if w.tag == "p"]
    # An instance is named, not done; a verbal noun (合作 of 合作委员会) and an institution's head
    # (组织 of 上海合作组织) are nouns in a name.
    institution = heads_an_institution(words)
    verbal = [w.start for w, held in zip(words, institution) if w.tag.startswith(("v", "d", "p")) and w.tag != "vn" and not held]
    # Nor does a name begin with a verb: "办好传统医学论坛" runs the forum 传统医学论坛 (a verbal noun
    # may: 服务专员).
    verbs = {w.start for w in words if w.tag.startswith("v") and w.tag != "vn"}
    ends = lambda text: any(text.endswith(end) and len(text.lstrip(_OPENING)) > len(end) for end in endings)  # noqa: E731
    named_at = [apposition(endings, sentence, span) for span in spans]
    described = {at for at in named_at if at is not None}  # where the phrases such names follow end
    # "X等N" ("N such as X": 轴承等特色产业) prints its instances before 等: X names things of the
    # kind, "X等N" the kind itself.
    kind_after = re.compile(rf"等[\u4e00-\u9fff]{{0,6}}?(?:{'|'.join(map(re.escape, endings))})")
    kinds = [(m.start(), m.end()) for m in kind_after.finditer(sentence)]
    return [
        1.0 if at is not None
        else 0.0 if span.end in described and span.text[:1] not in _OPENING
        else 0.0 if (kind_after.search(span.text) or any(a < span.start and span.end <= b for a, b in kinds)) and ends(span.text.rstrip(_CLOSING))
        else 1.0 if span.type != "clause" and "等" not in span.text and kind_after.match(sentence, span.end) and not any(span.start <= at < span.end for at in verbal)
        else float(span.type != "clause" and ends(span.text.rstrip(_CLOSING)) and not any(span.start <= at < span.end for at in prepositions) and span.start not in verbs)  # “可持续发展年” ends in 年
        for span, at in zip(spans, named_at)
    ]


def apposition(endings: tuple[str, ...], sentence: str, span: Span) -> int | None:
    """Where the phrase ending in the noun asked for ends, when `span` is the quoted name
    printed right after it (荣誉“王冠勋章”, with or without its marks); else None."""
    marked = lambda at, marks: 0 <= at < len(sentence) and sentence[at] in marks  # noqa: E731
    opened = marked(span.start, _OPENING)  # the marks in the candidate, or around it
    at = span.start if opened else span.start - 1 if marked(span.start - 1, _OPENING) else -1
    if at >= 0 and not marked(span.end - 1 if opened else span.end, _CLOSING):
        at = -1  # the whole quoted name, no more ("《一路向北》入围" runs past it)
    if span.type == "clause" or at < 0 or not any(sentence[:at].endswith(end) for end in endings):
        return None
    return at


def unit_after(text: str, pos: int) -> str:
    """The measure word written at `pos` (辆 of 多少辆, 篇次 of 多少篇次), the longest that fits; "" for none, and
    none where a named quantity begins there: 年 of 多大年纪 (age) and 人 of 多少人口 are the first
    characters of a noun, whose units the quantity table gives (岁; 人 or 万)."""
    rest = text[pos:]
    if any(re.match(pattern, rest) for pattern, _ in ZH_QUANTITY_UNITS):
        return ""
    for unit in MEASURE_WORDS:
        if rest.startswith(unit):
            # A compound measure word counts occurrences of the unit (人次, 篇次, 架次): one unit.
            return unit + "次" if unit != "次" and rest[len(unit) :].startswith("次") else unit
    return ""
