"""Question words cut again along the collection's words.

jieba's dictionary does not know most names, and cuts them wrongly in two ways: it glues an
unknown name to a neighbour ("刘七是" in "刘七是怎么死的", "距莫扎" in "距莫扎伊斯克12千米处"),
or breaks it into single characters ("乍/都/节" of "乍都节公园", "元" of "元皇后"). A word
glued wrongly is searched for in vain; a lone character is dropped as too short to search
for. Both are repaired with what the articles contain: `seen(word)` says whether any does.
"""

from __future__ import annotations

from typing import Callable

import jieba

from rag.answer.lexicon import CN_DIGITS, MEASURE_WORDS, ZH_STOPWORDS
from rag.answer.words import dictionary_tag
from rag.lang import is_cjk

MAX_WORD = 8  # the longest stretch a re-cut question word may take
_MEASURE_CHARS = frozenset(w for w in MEASURE_WORDS if len(w) == 1)


def _run_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The run of Chinese characters that holds text[start:end]."""
    while start > 0 and is_cjk(text[start - 1]):
        start -= 1
    while end < len(text) and is_cjk(text[end]):
        end += 1
    return start, end


def is_word_shaped(piece: str) -> bool:
    """A word neither is nor begins or ends with a function word ("是牛车" is no word)."""
    return piece not in ZH_STOPWORDS and piece[0] not in ZH_STOPWORDS and piece[-1] not in ZH_STOPWORDS


def _function_words(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Offsets of the function words (的, 是, 和…) jieba cuts as words of their own in text[lo:hi]."""
    found, at = [], lo
    for token in jieba.cut(text[lo:hi]):
        if token in ZH_STOPWORDS:
            found.append((at, at + len(token)))
        at += len(token)
    return found


def recut_word(text: str, word: str, seen: Callable[[str], bool]) -> tuple[str, list[str]]:
    """A question word no article contains, replaced by the longest stretch around it (within
    its run of Chinese characters) that the articles contain, when that stretch reaches past
    the word (the cut was misplaced) or leaves out only function words ("是"); with the parts
    of the word left out. A name that is simply absent ("牛车水" when only "牛车" occurs)
    stays as it is: its absence is evidence too. A common compound is not a name: one of
    two words joined (植树造林 "plant trees, afforest") is said by either half (造林)."""
    at, size = text.find(word), len(word)
    if at < 0:
        return word, []
    lo, hi = _run_around(text, at, at + size)
    # A stretch holding a function word that stands as a word of its own (的 of 杜尚别|的|人口)
    # is a phrase, not a word cut wrongly.
    function_words = _function_words(text, lo, hi)
    pieces = []
    for i in range(lo, at + size):
        for j in range(max(i + 2, at + 1), min(hi, i + MAX_WORD) + 1):
            piece = text[i:j]
            rest = [part for part in (word[: max(i - at, 0)], word[max(j - at, 0) :]) if part]
            reaches_past = i < at or j > at + size
            if not is_word_shaped(piece) or any(i <= s and e <= j for s, e in function_words) or not seen(piece) or not (reaches_past or all(part in ZH_STOPWORDS for part in rest)):
                continue
            pieces.append((j - i, -abs(i - at), piece, rest))
    _, _, piece, rest = max(pieces, default=(0, 0, word, []))
    if piece != word:
        return piece, rest
    halves = sorted(compound_halves(word), key=lambda h: not seen(h))  # a half the articles print first
    if halves and seen(halves[0]):
        return halves[0], halves[1:]
    stem = agent_stem(word)
    return (stem, []) if stem and seen(stem) else (word, [])


# jieba's tags of proper nouns: people, places, bodies, other names (nz: 人民日报).
_NAME_TAGS = ("nr", "ns", "nt", "nz")
# Suffixes making a noun of the one who does a verb or the party to it: 主持人 "the one who
# chairs", 参赛者 "one who competes", 主办方 "the organising side".
_AGENT_SUFFIXES = ("人", "者", "方")


def agent_stem(word: str) -> str:
    """The verb an agent noun is made of (主持 of 主持人, 投资 of 投资者, 主办 of 主办方): a
    sentence saying who 主持会议 says who the 主持人 was. "" for other words and for names
    (中国人: 中国 is a place)."""
    stem = word[:-1]
    if len(stem) < 2 or not word.endswith(_AGENT_SUFFIXES) or not all(is_cjk(ch) for ch in word):
        return ""
    return stem if _common_word(stem) else ""


def compound_halves(word: str) -> list[str]:
    """The two words a four-character common compound joins (植树|造林, 招商|引资, 乡村|振兴),
    when jieba's dictionary tags neither it nor them as a name; else none. Four characters
    of two words each is how Chinese forms such set phrases (四字格)."""
    halves = [word[:2], word[2:]]
    if len(word) != 4 or not all(is_cjk(ch) for ch in word) or dictionary_tag(word).startswith(_NAME_TAGS):
        return []
    return halves if all(_common_word(h) for h in halves) else []


def _common_word(word: str) -> bool:
    """In jieba's dictionary, and not as a name."""
    tag = dictionary_tag(word)
    return bool(tag) and not tag.startswith(_NAME_TAGS)


def lone_character_words(text: str, seen: Callable[[str], bool], skip: Callable[[str], bool]) -> list[str]:
    """Words made of the single characters jieba left alone (not function words, and not
    `skip`ped, e.g. question words): each run of such characters, with the word on either
    side of it when the articles contain the result, the longest such whole-word stretch."""
    tokens = [t for t in jieba.cut(text) if t]

    def lone(k: int) -> bool:
        token = tokens[k]
        # A numeral, or a measure word after one (第二十四次), stands alone by grammar, not as
        # a piece of a name.
        counted = token in _MEASURE_CHARS and k > 0 and (tokens[k - 1][-1:] in CN_DIGITS or tokens[k - 1][-1:].isdigit())
        return len(token) == 1 and is_cjk(token) and token not in ZH_STOPWORDS and token not in CN_DIGITS and not counted and not skip(token)

    words: list[str] = []
    i = 0
    while i < len(tokens):
        if not lone(i):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and len(tokens[j + 1]) == 1 and is_cjk(tokens[j + 1]) and not skip(tokens[j + 1]):
            j += 1  # a run of single characters (a function word inside a name is part of it: 乍都节)
        while j > i and tokens[j] in ZH_STOPWORDS:
            j -= 1  # but the run does not end in one
        left = i - 1 if i > 0 and is_cjk(tokens[i - 1][-1:]) and tokens[i - 1] not in ZH_STOPWORDS else i
        right = j + 1 if j + 1 < len(tokens) and is_cjk(tokens[j + 1][:1]) and tokens[j + 1] not in ZH_STOPWORDS else j
        pieces = ["".join(tokens[a : b + 1]) for a in range(left, i + 1) for b in range(j, right + 1)]
        found = [p for p in pieces if 2 <= len(p) <= MAX_WORD and p not in ZH_STOPWORDS and seen(p)]  # whole words: edges checked above
        best = max(found, key=len, default="")
        if best and best not in words:
            words.append(best)
        i = j + 1
    return words
