"""What a question asks: its language, the kind of value wanted, its content terms and focus.

The focus is the attribute asked about ("票价" in "…的票价是多少", "秘书长" in "哪位联合国秘书长"):
an answer must mention it, or the articles don't answer the question.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from typing import Callable

import jieba
import jieba.posseg

from rag.answer.lexicon import (
    EN_ANSWER_TYPE_WORDS, EN_NAME_ASKED, EN_PLURAL, MAJOR, OFFICE_HEADS, TITLE_HEADS, ZH_ANSWER_TYPE_WORDS, ZH_PLURAL,
    COPULAS, WHICH_COUNT, WHICH_MEASURES, ZH_NAME_ASKED, ZH_QUESTION_NOUNS, ZH_STOPWORDS, Kind, enumerated_point_forms,
)
from rag.answer.asked import asked_noun, names_person, unit_after, value_units
from rag.answer.named import question_names
from rag.answer.offices import asked_office
from rag.answer.question_words import attribution, question_kind
from rag.answer.recut import lone_character_words, recut_word
from rag.lang import fold, is_cjk, is_english, to_simplified
from rag.search.cedict import expansions
from rag.search.tokens import stem
from rag.search.translate import TRANSLATION_POOL, translate_terms, used_translations

jieba.setLogLevel(logging.WARNING)

__all__ = ["Kind", "Term", "Question", "analyze", "question_kind", "make_idf"]

# "哪所大学", "which city": a specific thing is asked for, so the answer must name it.
_ZH_WHICH = re.compile(rf"哪一?{WHICH_COUNT}[{WHICH_MEASURES}国省市]")  # 哪一个, 哪两个, 哪场; 哪国
_EN_WHICH = re.compile(r"\bwhich\b", re.I)
_WH_TOKENS = re.compile(r"^(谁|哪.*|什么.*|啥.*|多少|几.*|何.*|为什么|为何|为啥|怎么|怎样|如何|咋.*|吗|呢|是否|有没有|第几)$")
_NUMBER_TOKEN = re.compile(r"^[0-9０-９.]+$")
_DATE_RE = re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{1,2}月")
CONTEXT_WEIGHT = 0.3  # of a date or an attribution's word, relative to a content word
UNSEEN_PROBE = "\ue000\ue001"  # private-use characters: no article contains them


@dataclass
class Term:
    """A content word of the question, with the forms it may take in the text."""

    surface: str
    forms: tuple[str, ...]
    weight: float = 1.0
    seen: bool = True  # False when no article of the collection contains it

    @property
    def wording(self) -> tuple[str, ...]:
        """The forms the question's wording is compared by: the first ones (an English word's
        likeliest translations) and any in Latin letters (the word itself, if articles use it)."""
        return self.forms[:3] + tuple(f for f in self.forms[3:] if f.isascii())


@dataclass
class Question:
    text: str
    lang: str
    kind: Kind
    unit: str = ""
    value_units: str = ""  # regex of units the answer's value must carry ("" = any)
    named_quantity: bool = False  # the units come from a quantity the question names (a price)
    which: bool = False  # asks to name a specific thing ("哪所大学", "which city")
    category: str = ""  # the noun the question word asks for (大学 of 哪所大学, 会议 of 什么会议), zh
    unseen_name: bool = False  # it names a person, place or body no article prints (zh, with idf)
    office: str = ""  # the office a 谁 question asks about (秘书长, 白俄罗斯|总统: place|office), zh
    terms: list[Term] = field(default_factory=list)
    focus: list[int] = field(default_factory=list)  # indices into terms
    wh: str = ""  # the question word as written (zh)
    before: str = ""  # question text before the wh-word (zh)
    after: str = ""  # question text after the wh-word and unit (zh)
    numbers: set[str] = field(default_factory=set)  # numbers given in the question itself

    @property
    def plural(self) -> bool:
        """The question asks for several things (哪些, "which cities"): a list may answer it."""
        return re.search(EN_PLURAL if self.lang == "en" else ZH_PLURAL, to_simplified(self.text).lower()) is not None

    @property
    def asks_name(self) -> bool:
        """The question asks what something is called (叫什么, 名字, "what is … called")."""
        return re.search(EN_NAME_ASKED if self.lang == "en" else ZH_NAME_ASKED, to_simplified(self.text).lower()) is not None

    @property
    def focus_terms(self) -> list[Term]:
        return [self.terms[i] for i in self.focus]

    @property
    def word_forms(self) -> list[str]:
        """Every form of the question's words, folded, of two characters at least (one matches by chance)."""
        return [fold(f) for t in self.terms for f in t.forms if len(f) >= 2]


_NOUN_PATTERNS = {pattern for _, pattern in ZH_QUESTION_NOUNS}


def _zh_terms(text: str) -> tuple[list[str], list[int]]:
    """Content words of a Chinese question and, for each, its token index."""
    tokens = [t for t in jieba.cut(text) if t.strip()]
    words: list[str] = []
    positions: list[int] = []
    for i, token in enumerate(tokens):
        if token in ZH_STOPWORDS or _WH_TOKENS.match(token) or not re.search(r"[\w]", token):
            continue
        words.append(token)
        positions.append(i)
    return words, positions


def analyze(text: str, idf: Callable[[str], float] | None = None) -> Question:
    """Analyse a question (Chinese or English); `idf` weighs terms by how rare they are.

    A question in traditional characters is analysed in simplified script (the question words
    and units are listed that way, and the index folds articles the same way)."""
    text = to_simplified(text)
    lang = "en" if is_english(text) else "zh"
    kind, match = question_kind(text, lang)
    question = Question(text=text, lang=lang, kind=kind)
    question.numbers = set(re.findall(r"\d+(?:\.\d+)?", text))
    if lang == "en":
        _english_terms(question, (lambda gram: idf(gram) < idf(UNSEEN_PROBE) - 1e-9) if idf is not None else None)
        question.which = bool(_EN_WHICH.search(text)) and kind == Kind.ENTITY
        role = next((i for i, t in enumerate(question.terms[:4]) if any(TITLE_HEADS.search(f) for f in t.forms[:2])), None)
        if question.which and role is not None:
            question.kind = Kind.PERSON  # "which party secretary" asks for a person
            question.focus = [role]
    else:
        _chinese_terms(question, match)
        question.which = bool(_ZH_WHICH.search(text)) and kind in (Kind.ENTITY, Kind.PLACE)
        if kind == Kind.ENTITY and question.asks_name and any(OFFICE_HEADS.search(t.surface) or names_person(t.surface) for t in question.focus_terms or question.terms[-1:]):
            question.kind = Kind.PERSON  # an office's (a person's) name is its holder's: 秘书长 (学生) 叫什么名字 asks who
        question.category = asked_noun(question)
        question.office = asked_office(question)
    question.value_units = value_units(question)
    # English terms come through a noisy dictionary translation: weigh them equally.
    weigh = idf if idf is not None and lang == "zh" else (lambda _term: 1.0)
    unseen = weigh(UNSEEN_PROBE)  # the weight of a word no article contains
    if idf is not None and lang == "zh":
        question.terms = _resegment(question, lambda word: weigh(word) < unseen - 1e-9)
    if idf is not None and lang == "en":
        _keep_used_translations(question, idf)
    for term in question.terms:
        scale = term.weight  # dates and attributions carry a reduced weight
        term.weight = scale * max((weigh(form) for form in term.forms), default=1.0)
        if lang == "en":  # seen when the articles use one of its translations (or the word itself)
            term.seen = idf is None or min((idf(form) for form in term.forms), default=0.0) < idf(UNSEEN_PROBE) - 1e-9
        else:
            term.seen = min((weigh(form) for form in term.forms), default=unseen) < unseen - 1e-9
        # An abbreviation matches its full form and the reverse (上合 / 上海合作组织).
        term.forms = tuple(dict.fromkeys(term.forms + tuple(e for f in term.forms for e in expansions(f))))
    if idf is not None and lang == "zh":
        question.unseen_name = _names_unseen(question)
    return question


def _names_unseen(question: Question) -> bool:
    """Whether the question names someone or something (rag.answer.named) that no article
    prints: the articles are then about something else. A question word the segmenter merely
    cut wrong is re-cut first (_resegment) and is no name."""
    names = question_names(question.text)
    return any(not term.seen and any(is_cjk(ch) for ch in term.surface) and any(name in term.surface or term.surface in name for name in names) for term in question.terms)


def _keep_used_translations(question: Question, idf: Callable[[str], float]) -> None:
    """Keep the translations of each English word that the articles use ("summit": 峰会 of a
    news collection rather than 山巅), up to the usual number; all of the first ones when
    the articles use none of them."""
    unseen = idf(UNSEEN_PROBE) - 1e-9
    for term in question.terms:
        term.forms = tuple(used_translations(term.forms, lambda gram: idf(gram) < unseen))


def _chinese_terms(question: Question, match: re.Match[str] | None) -> None:
    text = question.text
    if match is not None:
        question.wh = match.group()
        # A noun naming what is asked (人口 of "聊城的人口", 市长) is also a word the answer's
        # sentence prints ("常住人口588万", "市长张百顺"): it stays in the words before the gap,
        # unless it merely names the kind of answer (时间, 地点).
        noun = match.re.pattern in _NOUN_PATTERNS and match.group() not in ZH_ANSWER_TYPE_WORDS
        question.before = text[: match.end() if noun else match.start()]
        unit = unit_after(text, match.end()) if question.kind in (Kind.NUMBER, Kind.PERCENT, Kind.ORDINAL) else ""
        # "几架": the unit is inside the match
        if not unit and match.group().startswith("几") and len(match.group()) > 1:
            unit = unit_after(match.group(), 1) or (MAJOR if match.group()[1:] == MAJOR else "")
        question.unit = unit
        question.after = text[match.end() + (len(unit) if text[match.end():].startswith(unit) else 0) :]
    # Terms come from the question without its wh-word and unit ("多少项新技术" -> 新技术);
    # a date in the question ("2024年7月") is context, not something the answer must repeat.
    stripped = f"{question.before}，{question.after}" if match is not None else text
    dates = _DATE_RE.findall(stripped)
    words, _ = _zh_terms(_DATE_RE.sub("，", stripped))
    terms = [Term(w, (w, *enumerated_point_forms(w))) for w in words if w not in ZH_ANSWER_TYPE_WORDS and w != question.unit and (len(w) > 1 or len(words) == 1)]
    # So are the words of an opening attribution (据习近平介绍，…) that the rest does not repeat.
    frame = attribution(text)
    for term in terms:
        if frame and term.surface in frame and term.surface not in text[len(frame):]:
            term.weight = CONTEXT_WEIGHT
    question.terms = terms + [Term(d, (d,), weight=CONTEXT_WEIGHT) for d in dates]
    question.focus = _zh_focus(question)


def _resegment(question: Question, seen: Callable[[str], bool]) -> list[Term]:
    """Question words no article contains, cut again along the collection's words, and the
    lone characters jieba dropped joined into the names they belong to (rag.answer.recut)."""
    stripped = to_simplified(_DATE_RE.sub("，", f"{question.before}，{question.after}" if question.wh else question.text))
    names = {t.surface for t in question.terms}
    terms: list[Term] = []
    extra: list[Term] = []
    for term in question.terms:
        if term.weight != 1.0 or seen(term.surface) or not any(is_cjk(ch) for ch in term.surface):
            terms.append(term)
            continue
        piece, rest = recut_word(stripped, term.surface, seen)
        if piece in names and piece != term.surface:
            terms.append(term)  # already asked for: keep the word's place (the focus points at it)
            continue
        names.add(piece)
        terms.append(Term(piece, (piece,)))
        extra += [Term(part, (part,)) for part in rest if len(part) > 1 and part not in ZH_STOPWORDS and part not in names and seen(part)]
        names.update(t.surface for t in extra)
    for word in lone_character_words(stripped, seen, lambda ch: bool(_WH_TOKENS.match(ch))):
        if word not in names and not any(word in name for name in names):
            names.add(word)
            extra.append(Term(word, (word,)))
    return terms + extra  # in the same order, so the focus indices still hold


def _zh_focus(question: Question) -> list[int]:
    """Terms next to the wh-word: after it for "什么X/哪位X/多少X", else before it ("X是多少").

    Only a noun after the wh-word is the thing asked about; a verb there is the predicate
    ("在哪里举行", "什么时候成立"), and the focus is then the noun before the wh-word. After a
    copula ("什么是国家发展的前提", "谁是该公司的创始人") the wh-word is the subject and the noun
    phrase after the copula says what it is: the focus is that phrase's head, its last nouns."""
    index = {t.surface: i for i, t in enumerate(question.terms)}
    if question.after[:1] in COPULAS:
        phrase = re.split(r"[，,？?。]", question.after[1:], maxsplit=1)[0]
        words, _ = _zh_terms(phrase) if phrase else ([], [])
        picked = [w for w in words if w in index and not _NUMBER_TOKEN.match(w)][-2:]
        if picked:
            return [index[w] for w in picked]
    after = re.split(r"[的，,？?。]", question.after, maxsplit=1)[0] if question.after else ""
    after_words, _ = _zh_terms(after) if after else ([], [])
    verbs = {pair.word for pair in jieba.posseg.cut(after) if pair.flag.startswith("v") and pair.flag != "vn"} if after else set()
    before_words, _ = _zh_terms(re.split(r"[的，,]", question.before)[-1]) if question.before else ([], [])
    picked = [w for w in after_words if w in index and w not in verbs and not _NUMBER_TOKEN.match(w)][:2]
    if not picked:
        picked = [w for w in before_words if w in index and not _NUMBER_TOKEN.match(w)][-2:]
    return [index[w] for w in picked]


def english_form(phrase: str) -> str:
    """How an English phrase is looked for in English text: its last word stemmed, so that
    "opened" finds "open", "opening" (matched at the start of a word, rag.answer.matching)."""
    words = phrase.split()
    return " ".join(words[:-1] + [stem(words[-1])]) if words else phrase


def _english_terms(question: Question, seen: Callable[[str], bool] | None) -> None:
    # Each phrase is looked for in Chinese (its dictionary translations, a pinyin name read back
    # into the collection's characters) and in English articles as written; translations the
    # collection doesn't use are dropped later (_keep_used_translations).
    pairs = translate_terms(question.text, TRANSLATION_POOL, seen)
    terms = [Term(phrase, tuple(dict.fromkeys(forms + [english_form(phrase)]))) for phrase, forms in pairs]
    question.terms = terms
    # The focus is the first content word after the question phrase ("mayor", "diameter").
    question.focus = [i for i, t in enumerate(terms) if not t.surface.isdigit() and t.surface not in EN_ANSWER_TYPE_WORDS][:1]


def make_idf(doc_freq: Callable[[str], int], total: int) -> Callable[[str], float]:
    """IDF of a word from the BM25 index: its rarest character bigram bounds its frequency."""
    def idf(word: str) -> float:
        word = word.lower()
        grams = [word[i : i + 2] for i in range(len(word) - 1)] if len(word) > 1 and not word.isascii() else [word]
        df = min((doc_freq(g) for g in grams), default=0)
        return math.log((total + 1) / (df + 0.5))

    return idf
