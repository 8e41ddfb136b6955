"""The chosen short answer refined to what the question asks: the count of the noun it
counts, without the question's own words before it, the whole name of the kind asked for."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from rag.answer.align import asked_dimension, dimension_before
from rag.answer.features import SPAN_FEATURES
from rag.answer.lexicon import INDEFINITE_ONE, NAMING_COPULAS, TITLE_HEADS, Kind
from rag.answer.matching import same_length_fold
from rag.answer.offices import asks_post, posts_printed
from rag.answer.question import Question
from rag.answer.spans import Span
from rag.lang import is_cjk

if TYPE_CHECKING:
    from rag.answer.evidence import Candidate, Evidence

_CLOSING_MARKS = "”」』》’\""  # what closes a quoted or titled name, straight quotes too
# What may stand between the question's framing words and its question word: a copula, 的,
# or the indefinite article (发表的是一份什么宣言 "issued a what declaration").
_FRAME_END = re.compile(f"(?:的|{NAMING_COPULAS}|{INDEFINITE_ONE})+$")
_NAME_TYPES = ("person", "place", "org", "proper")  # candidates that are names


def states_nothing(question: Question, span: Span) -> bool:
    """Whether a candidate can never be the short answer: the question's own words, whole or
    several together (第二届中国 of "第二届中国－中亚峰会…在哪个国家举行"), or a lone Chinese
    character (夏 of 夏巴兹), which a citation cannot check."""
    text = span.text.strip()
    return not text or _printed_in(text, question.text) or (len(text) == 1 and is_cjk(text))


def _printed_in(text: str, question: str) -> bool:
    # A Latin word is printed in the question only as a whole word ("an" is not in "Juan").
    left = r"(?<![A-Za-z0-9])" if text[0].isascii() and text[0].isalnum() else ""
    right = r"(?![A-Za-z0-9])" if text[-1].isascii() and text[-1].isalnum() else ""
    if not left and not right:  # a plain substring test: a pattern per candidate would be compiled anew each time
        return text in question
    return re.search(left + re.escape(text) + right, question) is not None


def names_its_dimension(question: Question, sentence: str, span: Span | None) -> bool:
    """Whether a short answer is the value printed right after the dimension the question asks
    for (高13米 for 多高): the sentence labels it as what is asked, so it heads the reply however
    the span model scores it beside the sentence's other measures (直径约为9米, 长29米)."""
    dimension = asked_dimension(question)
    return bool(dimension) and span is not None and dimension_before(same_length_fold(sentence), span.start) == dimension


def sure_enough(question: Question, evidence: Evidence, threshold: float) -> bool:
    """Whether the sentence's short answer is likely enough to head the reply: scored at the
    headline threshold, the value printed after the dimension asked for, or the posts printed
    before the name of the person whose post is asked for; never half of a set."""
    span = evidence.span
    printed_post = span is not None and asks_post(question) and (span.start, span.end) in posts_printed(question, evidence.text)
    return span is not None and not evidence.partial and (evidence.span_probability >= threshold or names_its_dimension(question, evidence.text, span) or printed_post)


def counted_noun(question: Question, candidate: Candidate, best: int, allowed: list[int], probabilities: np.ndarray) -> int:
    """A count answers for the noun it counts: for a question counting a noun with a measure
    word (几个观察员国), a count printed right before all of the question's words after its
    question word ("3个观察员国") wins over one printed before another noun in the same sentence
    ("9个成员国、3个观察员国")."""
    if question.kind != Kind.NUMBER or not question.unit:
        return best
    right = candidate.span_x[:, SPAN_FEATURES.index("right_frame")]
    framed = [i for i in allowed if right[i] == 1.0 and right[best] < 1.0]  # the question's words after it, in full
    return max(framed, key=lambda i: probabilities[i], default=best)


def without_question_lead(question: Question, spans: list[Span], best: int, allowed: list[int]) -> int:
    """A candidate that begins with the question's words framing its question word (荣誉“金鹰”勋章
    for 最高荣誉叫什么, 颁授‘友谊勋章’ for 颁授的是什么勋章, 国王路易十四 for 哪个国王) is cut to the
    allowed candidate after them: the question already says those words, the answer is what
    follows. Words from further off in the question may be part of the answer's own name
    (加拿大总督 for 加拿大总理由谁委任), so only the frame is cut; the longest such cut is taken.
    A question about an office (局长叫什么, 秘书长是谁) asks for its holder's name: the titles
    before it are cut too, the office asked for among them (解志超 of 市工业和信息化局党组书记、局长解志超,
    张百顺 of 市长张百顺 for 市委副书记是谁: titles joined by 、 belong to one person)."""
    chosen = spans[best]
    if chosen.type == "clause":
        return best
    frame = _FRAME_END.sub("", question.before)

    def asked(lead: str, span: Span) -> bool:
        # A description the question gives its noun (什么著名的战役) may lead the answer's phrase
        # (著名的博罗季诺战役): the question says it already.
        described = lead.endswith("的") and question.after.startswith(lead)
        return described or frame.endswith(lead) or lead == question.category or (bool(question.office) and span.type == "person" and bool(TITLE_HEADS.search(lead)))

    cuts = [
        i for i in allowed
        if spans[i].type != "clause" and spans[i].end == chosen.end and chosen.start < spans[i].start
        and len(lead := chosen.text[: spans[i].start - chosen.start]) >= 2 and asked(lead, spans[i])
    ]
    return max(cuts, key=lambda i: spans[i].start - chosen.start, default=best)


def named_in_full(question: Question, spans: list[Span], best: int) -> int:
    """A question asking for a kind of thing (哪家医院, 什么会议) is answered by a name ending in
    that noun: when the best candidate stops short of it inside a longer phrase (北京积水潭医院聊城
    of 北京积水潭医院聊城医院, 塔吉克斯坦 of 塔吉克斯坦民族大学), the shortest such phrase holding
    it, whatever its type (a 大学 is asked for by 在哪, a place word). The model alone prefers the
    shorter one: an answer rarely repeats the question's words."""
    noun, chosen = question.category, spans[best]
    if not noun or chosen.type == "clause":
        return best
    # A list (传统医学论坛、…、青年发展论坛) is several names, no longer one; a quoted name ends
    # in the noun inside its marks (“2030年前国家发展战略”).
    longer = [
        i for i, span in enumerate(spans)
        if span.type != "clause" and span.text.rstrip(_CLOSING_MARKS).endswith(noun) and span.start <= chosen.start and chosen.end <= span.end and span.text.count("、") <= chosen.text.count("、")
    ]
    if chosen.text.endswith(noun):
        # A name ending in the noun may go on into a longer one (北京积水潭医院|聊城医院, a branch):
        # the whole name is the one asked for.
        longer = [i for i in longer if spans[i].start == chosen.start]
        return max(longer, key=lambda i: spans[i].end, default=best)
    cut = chosen.text.rfind(noun) + len(noun)
    if cut > len(noun) and chosen.text[cut:] in question.text:
        # A name ending in the noun, then the question's own words (雄商高铁|全线 for 哪个高铁全线开工):
        # the name is the answer, the rest repeats the question.
        return next((i for i, span in enumerate(spans) if span.start == chosen.start and span.end == chosen.start + cut), best)
    return min(longer, key=lambda i: spans[i].end - spans[i].start) if longer else best


def from_name_start(spans: list[Span], best: int) -> int:
    """A candidate beginning inside a name that starts before it (合作组织融资平台, cut from
    上海合作组织融资平台 inside the name 上海合作组织) is read from the name's start: a name is not
    cut at its beginning, so the phrase holding it whole is the one meant."""
    chosen = spans[best]
    cut = [s for s in spans if s.type in _NAME_TYPES and s.start < chosen.start < s.end < chosen.end]  # cut, not held
    starts = {s.start for s in cut}
    whole = [i for i, s in enumerate(spans) if s.start in starts and s.end == chosen.end and s.type != "clause"]
    return min(whole, key=lambda i: spans[i].start, default=best) if chosen.type != "clause" else best
