"""What a question asks: its language, the kind of value wanted, its content terms and focus.

The focus is the attribute asked about ("票价" in "…的票价是多少", "秘书长" in "哪位联合国秘书长"):
an answer must mention it, or the articles don't answer the question.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

import jieba

from rag.lang import is_english
from rag.search.translate import translate_terms

jieba.setLogLevel(logging.WARNING)


class Kind(str, Enum):
    PERSON = "person"
    PLACE = "place"
    TIME = "time"
    NUMBER = "number"
    PERCENT = "percent"
    ORDINAL = "ordinal"
    ENTITY = "entity"
    REASON = "reason"
    MANNER = "manner"
    YESNO = "yesno"
    OTHER = "other"


# Checked in order: the first pattern that matches decides the kind.
_ZH_KINDS: list[tuple[Kind, str]] = [
    (Kind.ORDINAL, r"第几|第多少|哪一届"),
    (Kind.TIME, r"什么时间|什么时候|何时|哪一?天|哪一?年|几月|几号|几点|几时|哪个月|什么日期"),
    (Kind.PERSON, r"谁|哪一?位|什么人|何人"),
    (Kind.PLACE, r"哪里|哪儿|何地|何处|什么地方|哪[座个]城市?|哪个国家|哪国|哪个省"),
    (Kind.NUMBER, r"多少|几[^乎]|多[大长高远重久]"),
    (Kind.REASON, r"为什么|为何|什么原因"),
    (Kind.MANNER, r"怎么|怎样|如何"),
    (Kind.ENTITY, r"什么|哪[个些一项家种所条部支只批场]"),
    (Kind.YESNO, r"吗[？?]?$|是否|有没有|是不是"),
]
_EN_KINDS: list[tuple[Kind, str]] = [
    (Kind.NUMBER, (
        r"\bhow (many|much|long|far|big|old|tall|high|large)\b|\bwhat (number|amount)\b"
        r"|\bwhat (is|was|are|were) the (\w+ )?(diameter|length|height|width|size|number|amount|population|price|cost|rate"
        r"|percentage|area|distance|weight|total|value|capacity|growth)\b"
    )),
    (Kind.TIME, r"\bwhen\b|\bwhat (time|year|date|day|month)\b|\bwhich (year|day|month|date)\b"),
    (Kind.PERSON, r"\bwho(m|se)?\b|\bwhich (person|official|leader)\b|\bwhat is the name of\b|\bname the\b"),
    (Kind.PLACE, r"\bwhere\b|\b(which|what) (city|country|place|province|town|capital)\b"),
    (Kind.REASON, r"\bwhy\b"),
    (Kind.MANNER, r"\bhow\b"),
    (Kind.ENTITY, r"\bwhat\b|\bwhich\b"),
    (Kind.YESNO, r"^(is|are|was|were|does|do|did|can|has|have|will)\b"),
]
# Rates and growth are usually reported as percentages ("同比增长了多少" -> 18.06%).
_PERCENT_HINT = re.compile(r"率|比例|百分|增长|增幅|下降|降幅|上升|提高|percent|rate|share|proportion|growth|grow|increase", re.I)

# Measure words that follow 多少/几 ("多少台", "几架"); two-character units first.
UNITS = [
    "周年", "万千瓦", "回", "遍", "趟", "千瓦", "公里", "千米", "平方公里", "万元", "亿元", "美元", "万人", "人次", "个百分点",
    "个", "位", "名", "人", "架", "台", "项", "次", "家", "年", "天", "岁", "座", "条", "列", "艘", "辆", "所",
    "期", "届", "批", "份", "种", "米", "吨", "元", "倍", "万", "亿", "亩", "户", "篇", "场", "节", "段", "部",
]
# Synonyms of measure words, and the units a value must carry when the question names the
# quantity rather than a unit ("票价是多少" wants money; "常住人口是多少" wants people).
UNIT_SYNONYMS = {"回": "次", "遍": "次", "趟": "次", "位": "名|位|人", "名": "名|人|位", "人": "人|名|位"}
_MONEY = r"(?:万|亿|千|百)?(?:元|美元|欧元|卢布|人民币)"
_VALUE_CLASSES_ZH: list[tuple[str, str]] = [
    (r"票价|价格|价钱|费用|成本|造价|投资|资金|金额|收入|花费|贸易额|产值|总值|预算|税", _MONEY + r"|[%％]"),
    (r"人口|人数|居民|员工|学生|游客", r"(?:万|亿)?(?:人|名|位)"),
    (r"面积", r"(?:平方公里|平方米|公顷|亩|平方千米)"),
    (r"多久|多长时间|时长|历时|耗时|期限", r"(?:年|个月|天|小时|分钟|周)"),
    (r"距离|多远|里程|长度|多长|多高|高度|直径|宽度", r"(?:公里|千米|米|厘米|毫米)"),
    (r"多少岁|年龄|岁数", r"岁"),
    (r"多重|重量", r"(?:吨|千克|公斤|克)"),
]
_VALUE_CLASSES_EN: list[tuple[str, str]] = [
    (r"\b(cost|price|fare|fee|investment|invest|spent|worth|revenue|income|budget|trade volume|value)\b", _MONEY + r"|[%％]"),
    (r"\bhow long\b|\bduration\b", r"(?:年|个月|天|小时|分钟|周)"),
    (r"\bhow far\b|\bdistance\b|\blength\b|\bdiameter\b|\bheight\b|\bhow tall\b|\bhow high\b", r"(?:公里|千米|米|厘米)"),
    (r"\bhow many times\b|\bhow often\b", r"次"),
    (r"\bhow many (people|persons|children|students|guests|visitors|workers|employees|youths?)\b|\bpopulation\b", r"(?:万|亿)?(?:人|名|位)"),
    (r"\bhow old\b|\bage\b", r"岁"),
]
# "哪所大学", "which city": a specific thing is asked for, so the sentence must name it.
_ZH_WHICH = re.compile(r"哪[所个家座项种条只批届支部国省市]")
_EN_WHICH = re.compile(r"\bwhich\b", re.I)
_PERSON_SUFFIX = re.compile(r"(长|书记|员|家|者|官|师|主席|总统|总理|大使|代表|主任|秘书)$")
_WH_TOKENS = re.compile(r"^(谁|哪.*|什么.*|多少|几.*|何.*|为什么|为何|怎么|怎样|如何|吗|呢|是否|有没有|第几)$")
_STOPWORDS = set(
    "的 了 是 在 有 和 与 及 对 从 到 把 被 给 等 这 那 其 也 都 就 还 又 而 并 或 之 为 以 于 由 向 所 将 已 曾 该 此 "
    "吗 呢 啊 吧 么 个 上 中 下 时 后 前 里 内 去 来 说 请 问 一 不 "
    "全部 所有 全体 一共 总共 共 大约 大概 左右 分别 各自 目前 现在 如今 迄今 至今 截至 当前 已经 主要 打算 计划".split()
)
# Words that name the kind of answer rather than the topic.
_GENERIC = set(
    "时间 时候 地方 城市 国家 名字 名称 数量 数字 情况 问题 人 人数 东西 事情 原因 方式 内容 城 "
    "比例 比重 占比 总数 总量 数额 金额 次数 时长 长度 高度 面积 年份 日期 称号 多久".split()
)
_NUMBER_TOKEN = re.compile(r"^[0-9０-９.]+$")
_DATE_RE = re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{1,2}月")
DATE_WEIGHT = 0.3  # relative to a content word


@dataclass
class Term:
    """A content word of the question, with the forms it may take in the text."""

    surface: str
    forms: tuple[str, ...]
    weight: float = 1.0


@dataclass
class Question:
    text: str
    lang: str
    kind: Kind
    unit: str = ""
    value_units: str = ""  # regex of units the answer's value must carry ("" = any)
    which: bool = False  # asks to name a specific thing ("哪所大学", "which city")
    terms: list[Term] = field(default_factory=list)
    focus: list[int] = field(default_factory=list)  # indices into terms
    wh: str = ""  # the question word as written (zh)
    before: str = ""  # question text before the wh-word (zh)
    after: str = ""  # question text after the wh-word and unit (zh)
    numbers: set[str] = field(default_factory=set)  # numbers given in the question itself

    @property
    def focus_terms(self) -> list[Term]:
        return [self.terms[i] for i in self.focus]


def question_kind(text: str, lang: str) -> tuple[Kind, re.Match[str] | None]:
    table = _EN_KINDS if lang == "en" else _ZH_KINDS
    subject = text.lower() if lang == "en" else text
    for kind, pattern in table:
        match = re.search(pattern, subject)
        if match:
            if kind == Kind.NUMBER and _PERCENT_HINT.search(subject):
                return Kind.PERCENT, match
            return kind, match
    return Kind.OTHER, None


def _value_units(question: Question) -> str:
    """Units a numeric answer must carry: the question's own measure word (with synonyms), or
    the class of quantity its words name (money for a price, people for a population)."""
    if question.kind not in (Kind.NUMBER, Kind.PERCENT):
        return ""
    if question.unit:
        return UNIT_SYNONYMS.get(question.unit, re.escape(question.unit))
    table = _VALUE_CLASSES_EN if question.lang == "en" else _VALUE_CLASSES_ZH
    subject = question.text.lower() if question.lang == "en" else question.text
    for pattern, units in table:
        if re.search(pattern, subject):
            return units
    return ""


def _unit_after(text: str, pos: int) -> str:
    rest = text[pos:]
    for unit in UNITS:
        if rest.startswith(unit):
            return unit
    return ""


def _zh_terms(text: str) -> tuple[list[str], list[int]]:
    """Content words of a Chinese question and, for each, its token index."""
    tokens = [t for t in jieba.cut(text) if t.strip()]
    words: list[str] = []
    positions: list[int] = []
    for i, token in enumerate(tokens):
        if token in _STOPWORDS or _WH_TOKENS.match(token) or not re.search(r"[\w]", token):
            continue
        words.append(token)
        positions.append(i)
    return words, positions


def analyze(text: str, idf: Callable[[str], float] | None = None) -> Question:
    """Analyse a question (Chinese or English); `idf` weighs terms by how rare they are."""
    lang = "en" if is_english(text) else "zh"
    kind, match = question_kind(text, lang)
    question = Question(text=text, lang=lang, kind=kind)
    question.numbers = set(re.findall(r"\d+(?:\.\d+)?", text))
    if lang == "en":
        _english_terms(question)
        question.which = bool(_EN_WHICH.search(text)) and kind == Kind.ENTITY
        role = next((i for i, t in enumerate(question.terms[:4]) if any(_PERSON_SUFFIX.search(f) for f in t.forms[:2])), None)
        if question.which and role is not None:
            question.kind = Kind.PERSON  # "which party secretary" asks for a person
            question.focus = [role]
    else:
        _chinese_terms(question, match)
        question.which = bool(_ZH_WHICH.search(text)) and kind in (Kind.ENTITY, Kind.PLACE)
    question.value_units = _value_units(question)
    # English terms come through a noisy dictionary translation: weigh them equally.
    weigh = idf if idf is not None and lang == "zh" else (lambda _term: 1.0)
    for term in question.terms:
        scale = term.weight  # dates carry a reduced weight
        term.weight = scale * max((weigh(form) for form in term.forms), default=1.0)
    return question


def _chinese_terms(question: Question, match: re.Match[str] | None) -> None:
    text = question.text
    if match is not None:
        question.wh = match.group()
        question.before = text[: match.start()]
        unit = _unit_after(text, match.end()) if question.kind in (Kind.NUMBER, Kind.PERCENT, Kind.ORDINAL) else ""
        # "几架": the unit is inside the match
        if not unit and match.group().startswith("几") and len(match.group()) > 1:
            unit = _unit_after(match.group(), 1)
        question.unit = unit
        question.after = text[match.end() + (len(unit) if text[match.end():].startswith(unit) else 0) :]
    # Terms come from the question without its wh-word and unit ("多少项新技术" -> 新技术);
    # a date in the question ("2024年7月") is context, not something the answer must repeat.
    stripped = f"{question.before}，{question.after}" if match is not None else text
    dates = _DATE_RE.findall(stripped)
    words, _ = _zh_terms(_DATE_RE.sub("，", stripped))
    terms = [Term(w, (w,)) for w in words if w not in _GENERIC and w != question.unit and (len(w) > 1 or len(words) == 1)]
    question.terms = terms + [Term(d, (d,), weight=DATE_WEIGHT) for d in dates]
    question.focus = _zh_focus(question)


def _zh_focus(question: Question) -> list[int]:
    """Terms next to the wh-word: after it for "什么X/哪位X/多少X", else before it ("X是多少")."""
    after_words, _ = _zh_terms(re.split(r"[的，,？?。]", question.after, maxsplit=1)[0]) if question.after else ([], [])
    before_words, _ = _zh_terms(re.split(r"[的，,]", question.before)[-1]) if question.before else ([], [])
    index = {t.surface: i for i, t in enumerate(question.terms)}
    picked = [w for w in after_words if w in index and not _NUMBER_TOKEN.match(w)][:2]
    if not picked:
        picked = [w for w in before_words if w in index and not _NUMBER_TOKEN.match(w)][-2:]
    return [index[w] for w in picked]


def _english_terms(question: Question) -> None:
    terms = [Term(phrase, tuple(forms)) for phrase, forms in translate_terms(question.text)]
    question.terms = terms
    # The focus is the first content word after the question phrase ("mayor", "diameter").
    generic = {"name", "number", "amount", "total", "kind", "type", "many", "much", "long", "far", "time", "times", "year", "people", "current"}
    question.focus = [i for i, t in enumerate(terms) if not t.surface.isdigit() and t.surface not in generic][:1]


def make_idf(doc_freq: Callable[[str], int], total: int) -> Callable[[str], float]:
    """IDF of a word from the BM25 index: its rarest character bigram bounds its frequency."""

    def idf(word: str) -> float:
        word = word.lower()
        grams = [word[i : i + 2] for i in range(len(word) - 1)] if len(word) > 1 and not word.isascii() else [word]
        df = min((doc_freq(g) for g in grams), default=0)
        return math.log((total + 1) / (df + 0.5))

    return idf
