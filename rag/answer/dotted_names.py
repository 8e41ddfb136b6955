"""Foreign personal names written with an interpunct (间隔号) between their parts (巴里·尼尔逊,
伊夫林·比阿特丽斯·霍尔), which jieba cuts into pieces: each is found whole, so it is one
candidate answer (rag/answer/spans.py) and never a piece of one."""

from __future__ import annotations

import re

from rag.answer.lexicon import COPULAS
from rag.answer.words import Word, tag_words

# Function words a phrase does not begin or end with (prepositions, conjunctions, particles,
# adverbs, pronouns): jieba tags p, c, u*, y, e, d, r.
_FUNCTION_TAGS = ("p", "c", "u", "y", "e", "d", "r", "x")
_NAME_DOTS = "·・•‧"
_NAME_PART = 6  # characters of an outer part of a dotted name
_NOT_IN_NAME = rf"[^{_NAME_DOTS}\s，。；：、（）()和与及]"  # two names joined by 和 are two names
_DOTTED_RE = re.compile(rf"{_NOT_IN_NAME}+(?:[{_NAME_DOTS}]{_NOT_IN_NAME}+)+")


def is_function_word(word: Word) -> bool:
    """A function word (preposition, conjunction, particle, adverb, pronoun), a copula or a mark."""
    return word.tag.startswith(_FUNCTION_TAGS) or word.text in COPULAS or not any(ch.isalnum() for ch in word.text)


def _name_side(words: tuple[Word, ...], step: int, start: int) -> int:
    """How far a dotted name's outer part reaches from word index `start` in direction `step`:
    over name-tagged words and lone characters, never over a function word or punctuation."""
    i, size = start, 0
    while 0 <= i < len(words):
        word = words[i]
        # The word touching the dot is a part of the name whatever jieba tags it (汗 of 索海尔·汗
        # is tagged a morpheme); the words further out only when name-like.
        nameish = word.tag.startswith(("nr", "ns", "nz", "ng", "eng")) or (len(word.text) == 1 and word.tag.startswith("n"))
        nameish = nameish or (i == start and not any(ch.isdigit() for ch in word.text))
        # A lone character between two pieces of the name is a syllable of it (努尔/加/利耶夫).
        following = words[i + step] if 0 <= i + step < len(words) else None
        nameish = nameish or (len(word.text) == 1 and following is not None and following.tag.startswith("nr") and not is_function_word(word))
        if not nameish or is_function_word(word) or word.text in _NAME_DOTS or size + len(word.text) > _NAME_PART:
            break
        size += len(word.text)
        i += step
    return i - step  # the last word taken (start - step when none)


def dotted_names(sentence: str) -> list[tuple[int, int]]:
    """Offsets of the names written with interpuncts (巴里·尼尔逊) in a sentence: the words
    between the dots, and name-like words on either side of them."""
    if not any(dot in sentence for dot in _NAME_DOTS):
        return []  # most sentences: no tagging, no pattern (sentences come from passages of ~300 characters)
    words = tag_words(sentence)
    ends = {w.end: k for k, w in enumerate(words)}
    starts = {w.start: k for k, w in enumerate(words)}
    found = []
    for match in _DOTTED_RE.finditer(sentence):
        for dots in _one_name_each(words, [match.start() + i for i, ch in enumerate(match.group()) if ch in _NAME_DOTS]):
            first, last = ends.get(dots[0]), starts.get(dots[-1] + 1)
            if first is None or last is None:
                continue
            lo, hi = _name_side(words, -1, first), _name_side(words, 1, last)
            if lo <= first and hi >= last:
                found.append((words[lo].start, words[hi].end))
    return found


def _one_name_each(words: tuple[Word, ...], dots: list[int]) -> list[list[int]]:
    """The dots of a run grouped by name: two dots belong to one name unless the words between
    them join two names (a particle, copula, conjunction or verb: 贾斯汀·特鲁多的父亲皮埃尔·特鲁多
    names two people) or are too many for one piece of a name."""
    groups = [[dots[0]]]
    for dot in dots[1:]:
        between = [w for w in words if groups[-1][-1] < w.start and w.end <= dot]
        joins = any(w.tag.startswith(("u", "c")) or w.text in COPULAS or (w.tag == "v" and len(w.text) > 1) for w in between)
        # ... or words that are no name, more of them than one piece of a name holds
        common = any(len(w.text) > 1 and not w.tag.startswith(("nr", "ns", "nz", "eng")) for w in between)
        if joins or (common and dot - groups[-1][-1] - 1 > _NAME_PART):
            groups.append([dot])
        else:
            groups[-1].append(dot)
    return groups
