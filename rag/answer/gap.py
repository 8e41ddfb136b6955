"""The question's gap, found in a sentence that repeats the words around it.

A question is often its answer's sentence with the answer replaced by a question word:
"桃花源小厨以什么而闻名" asks about "…以太史五蛇羹而闻名". Where the sentence prints the end
of the words before the question word and, further on, the start of the words after it,
the answer is what stands between them (rag.answer.align offers it as a candidate).
"""

from __future__ import annotations

import re

from rag.answer.lexicon import COPULAS
from rag.answer.matching import same_length_fold
from rag.answer.question import Question
from rag.answer.spans import PAIRED_MARKS
from rag.answer.value_patterns import LATIN_BREAK
from rag.answer.words import tag_words
from rag.lang import fold

# Particles and copulas between the question's context and its gap ("X是谁" -> "X是Y").
LINK_CHARS = "是为的了在于有由被叫称即"
MIN_ANCHOR = 2  # characters of the question that must match on a side (one matches by chance)
MAX_ANCHOR = 12
MAX_GAP = 40  # longer stretches are clauses, which are candidates already
_CLAUSE_END = re.compile(rf"[，。；：！？!?]|{LATIN_BREAK}")  # not 2,173: the gap is the whole number
# An enumeration's items are parted by 、 (顿号): a question asking for one thing is answered
# by one item ("白俄罗斯总统卢卡申科、吉尔吉斯斯坦总统扎帕罗夫" for 白俄罗斯总统是谁).
_ITEM_END = re.compile(rf"[，。；：！？!?、]|{LATIN_BREAK}")
# 比 + the standard compared with + an adjective of degree, with 出/了 after it (高出, 多了).
_COMPARATIVE = re.compile(r"比([^比，,]{1,8}?)([高低多少大小快慢长短早晚强弱])[出了]*$")
_COPULAS = "是为"  # 是 "is", 为 "is, serves as"
_COPULA_ADVERBS = "还也又都就仍亦则"  # one-character adverbs before a copula: 还是 "is also", 也是, 就是
_TRIM = "，。；：！？,;:!?、 （）()“”《》「」"
_ASPECT = "了过着"  # aspect particles after a verb (演唱了, 去过, 写着)
_FUNCTION_TAGS = ("p", "u", "c")  # jieba's prepositions, particles and conjunctions
_STRUCTURAL_TAGS = {"uj", "uv"}  # 的 (attributive), 地 (adverbial)
_ENUMERATION_ENDS = ("等", "等等")  # "and others", after the instances of a kind
_WORD_REACH = 3  # how far back a word running across the gap's start may begin


def _left_anchor(words: str, text: str, before: int, shortest: int = MIN_ANCHOR) -> int | None:
    """Where the longest end of `words` found in text[:before] ends (its last occurrence)."""
    for n in range(min(len(words), MAX_ANCHOR), shortest - 1, -1):
        at = text.rfind(words[-n:], 0, before)
        if at >= 0:
            return at + n
    return None


def _right_anchor(words: str, text: str, after: int, shortest: int = MIN_ANCHOR) -> int | None:
    """Where the longest start of `words` found in text (from `after` on) begins."""
    for n in range(min(len(words), MAX_ANCHOR), shortest - 1, -1):
        at = text.find(words[:n], after)
        if at >= 0:
            return at
    return None


def question_gap(question: Question, sentence: str) -> tuple[int, int] | None:
    """Offsets of the stretch of the sentence where the question's gap falls, or None: between
    the question's words on both sides, or, when the question word ends (begins) the
    question, from its words before (up to) to the end (from the start) of the clause."""
    if question.lang != "zh" or not question.wh:
        return None
    text = same_length_fold(sentence)
    left = comparison_as_printed(fold(question.before).rstrip(_TRIM), text)
    right = without_category(question, re.split(r"[？?。！!，,]", fold(question.after))[0].strip(_TRIM), text)
    start = _left_anchor(left, text, len(text)) if left else None
    # "总统是谁": the sentence may name him in apposition; "演唱了什么": it may state the act
    # without the aspect particle (演唱《歌唱祖国》); "联合国的哪场峰会": the name without 的
    # (联合国未来峰会).
    if start is None and left[-1:] in _COPULAS + _ASPECT + "的":
        left = left[:-1]
        if left[-1:] in _COPULA_ADVERBS:
            left = left[:-1]  # 还是, 也是 "is also": the adverb is the question's own word too
        start = _left_anchor(left, text, len(text)) if left else None
    end = _right_anchor(right, text, start or 0) if right else None
    # Once one side is anchored firmly, a single character anchors the other ("以…而闻名").
    if start is None and end is not None and left:
        start = _left_anchor(left, text, end, shortest=1)
    elif end is None and start is not None and right:
        end = _right_anchor(right, text, start, shortest=1)
    stop = _CLAUSE_END if question.plural else _ITEM_END
    if start is not None and end is None and not right:
        # The clause it ends may begin with a mark and a copula ("首场主场外交，是中国－中亚峰会").
        lead = start
        while lead < len(text) and (text[lead] in _TRIM or text[lead] in _COPULAS):
            lead += 1
        found = stop.search(text, lead)
        end = found.start() if found else len(text)
    elif end is not None and start is None and not left:
        found = [m.end() for m in stop.finditer(text, 0, end)]
        start = found[-1] if found else 0
    if start is None or end is None:
        return None
    end = _with_category(question, sentence, start, end)
    start = _past_links(sentence, start, end)
    end = _before_particle(sentence, start, end)
    breaks = [m.end() for m in _CLAUSE_END.finditer(text, start, end)]
    if left and right and not question.plural and breaks:
        # The question's words stand in two clauses. A Chinese sentence names its topic once and
        # leaves it out of the clauses that follow (中欧班列从西安开出，将由霍尔果斯口岸出境):
        # the gap is in the clause of the words after it, after its adverbs and preposition
        # (将由…), which stand before the phrase asked for.
        start = breaks[-1]
        for word in tag_words(sentence[start:end]):
            if not (word.tag.startswith(("d", "p")) or word.text in _TRIM):
                break
            start += len(word.text)
    start, end = _whole_quotes(sentence, start, end)
    return (start, end) if 0 < end - start <= MAX_GAP else None


def without_category(question: Question, right: str, text: str) -> str:
    """The question's words after its question word, less the noun naming the kind of thing
    asked for (歌曲 of 什么歌曲, 城市 of 哪座城市) when the sentence does not print it: the
    answer stands in its place (演唱《歌唱祖国》), so it anchors nothing."""
    category = fold(question.category)
    at = right.find(category) if category else -1
    if 0 <= at <= 1 and category not in text:  # after the question word, or its measure word
        return right[at + len(category) :].strip(_TRIM)
    return right


def comparison_as_printed(left: str, text: str) -> str:
    """The question's words before its question word with the comparison they end in as the
    sentence prints it: Chinese compares either way, 比全省高出 (多少) "higher than the province
    by (how much)" in speech, 高于全省 (0.1个百分点) with the adjective and 于 in written news."""
    match = _COMPARATIVE.search(left)
    if not match:
        return left
    printed = f"{match.group(2)}于{match.group(1)}"
    return left[: match.start()] + printed if printed in text else left


def _with_category(question: Question, sentence: str, start: int, end: int) -> int:
    """Where the gap ends when the sentence prints the noun asked for right after it: a name
    ends in that noun (清华大学 for 哪所大学, where the question's 大学 anchored the gap at
    清华), unless a particle ties the gap to it as a modifier (浪漫喜剧的方式 for 什么方式)."""
    category = question.category
    if not category or not same_length_fold(sentence).startswith(fold(category), end) or end <= start:
        return end
    words = tag_words(sentence[start:end])
    return end if not words or words[-1].tag.startswith("u") else end + len(category)


def _whole_quotes(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The gap with both marks of a quoted name it holds only one of: trimming the marks that
    join it to the question's words must not leave half a pair (反恐协作-2024”联合演习 of
    “反恐协作-2024”联合演习)."""
    for opening, closing in PAIRED_MARKS:
        text = sentence[start:end]
        if text.count(closing) > text.count(opening) and start > 0 and sentence[start - 1] == opening:
            start -= 1
        elif text.count(opening) > text.count(closing) and end < len(sentence) and sentence[end] == closing:
            end += 1
    return start, end


def _past_links(sentence: str, start: int, end: int) -> int:
    """Where the gap's words begin: after the marks and the copula or preposition that join the
    question's words to its answer in the sentence ("官方名称为「X」" answers 官方名称是什么 with X,
    "于1981年" answers 何时 with 1981年), unless nothing else is left. The question may print
    only part of a function word the sentence prints whole (靠 of "靠着X的机会" for 靠什么机会):
    the gap begins after that word. Nor does a phrase begin with a structural particle (的 of
    "中国的清华大学" for 中国哪所大学): it ties the question's words to the gap."""
    lead = max(0, start - _WORD_REACH)
    across = [w for w in tag_words(sentence[lead:end]) if w.start < start - lead < w.end]
    if across and across[0].tag.startswith(_FUNCTION_TAGS) and across[0].end + lead < end:
        start = across[0].end + lead
    while start < end:
        while start < end and sentence[start] in _TRIM:
            start += 1
        words = tag_words(sentence[start:end])
        link = words[0] if words else None
        if link is None or len(words) < 2 or not (link.tag.startswith("p") or link.text in COPULAS or link.tag in _STRUCTURAL_TAGS):
            return start
        start += len(link.text)
    return start


def _before_particle(sentence: str, start: int, end: int) -> int:
    """Where the gap's words end: before closing marks and a structural particle (的, 地) that
    joins them to the question's next word in the sentence ("以浪漫喜剧的方式" for 以什么方式):
    a phrase does not end in one. Nor does a name end in 等 "and others", which closes the
    instances before the kind they are of ("委员会等民间机构" for 哪个民间机构)."""
    while end > start and sentence[end - 1] in _TRIM:
        end -= 1
    words = list(tag_words(sentence[start:end]))
    while len(words) > 1 and (words[-1].tag in _STRUCTURAL_TAGS or words[-1].text in _ENUMERATION_ENDS):
        end -= len(words.pop().text)
    return end
