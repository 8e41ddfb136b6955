"""Chinese names written in pinyin (Zhang Baishun, Li Changping, Dongchangfu), found in Chinese text.

CC-CEDICT knows well-known names, not a city's mayor or a county town, and reads a surname as
a common word ("Zhang" -> 漳, 市丈): an English question naming such a person in pinyin found
nothing. A name's syllables are read back into the characters that have those readings (the
dictionary's single-character entries, tones ignored) and kept only where the collection prints
them side by side (its character bigrams): "Zhang Baishun" -> 张百顺. Names transliterated from
other languages (Tokayev, 托卡耶夫) do not follow pinyin spelling and are left to the dictionary.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from rag.search.cedict import LINE_RE, cedict_lines

# Capitalised words in a row, a name's parts ("Zhang Baishun", "Xi'an", "Li Chang-ping").
_NAME_RUN = re.compile(r"\b[A-Z][a-z]*(?:['’-]?[a-z]+)*(?:[ -][A-Z][a-z]*(?:['’-]?[a-z]+)*)*")
_PINYIN = re.compile(r"\[([^\]]+)\]")
_VOWEL = re.compile(r"[aeiouv]")
MIN_SYLLABLES = 2  # one syllable has dozens of characters: too ambiguous to read back
MAX_SYLLABLES = 6
MAX_PARTIAL = 200  # readings kept while a name is read syllable by syllable
MAX_FORMS = 3


@lru_cache(maxsize=1)
def readings() -> dict[str, frozenset[str]]:
    """Each toneless pinyin syllable -> the (simplified) characters read that way."""
    table: dict[str, set[str]] = {}
    for line in cedict_lines() or []:
        match = LINE_RE.match(line)
        if not match or len(match.group(2)) != 1:
            continue
        found = _PINYIN.search(line)
        syllable = re.sub(r"[1-5]", "", found.group(1)).lower().replace("u:", "v") if found else ""
        if syllable.isalpha() and _VOWEL.search(syllable):  # not the interjections "m", "ng", nor 儿's "r"
            table.setdefault(syllable, set()).add(match.group(2))
    return {syllable: frozenset(chars) for syllable, chars in table.items()}


def syllables(word: str) -> list[str] | None:
    """A romanised word cut into pinyin syllables ("baishun" -> bai shun), preferring the cut
    with fewest syllables ("xian" is one syllable, "xi'an" two); None when it is no pinyin."""
    table = readings()
    word = word.lower().replace("ü", "v")
    if len(word) > 6 * MAX_SYLLABLES:
        return None  # no name is that long (and the cut below recurses once per syllable)

    @lru_cache(maxsize=None)
    def cut(rest: str) -> tuple[str, ...] | None:
        if not rest:
            return ()
        best = None
        for size in range(min(6, len(rest)), 0, -1):
            head = rest[:size]
            tail = cut(rest[size:].lstrip("'’-")) if head in table else None
            if tail is not None and (best is None or len(tail) + 1 < len(best)):
                best = (head, *tail)
        return best

    parts = cut(word)
    return list(parts) if parts else None


def read_back(parts: list[str], seen: Callable[[str], bool]) -> list[str]:
    """The character strings with these readings whose every pair of neighbours the collection
    contains, up to MAX_FORMS of them."""
    table = readings()
    partial = [""]
    for syllable in parts:
        chars = table.get(syllable, frozenset())
        partial = [p + c for p in partial for c in sorted(chars) if not p or seen(p[-1] + c)][:MAX_PARTIAL]
        if not partial:
            return []
    return partial[:MAX_FORMS]


def pinyin_names(question: str, seen: Callable[[str], bool], known: Callable[[str], bool]) -> list[tuple[str, list[str]]]:
    """(name as written, its Chinese readings found in the collection) for each name of the
    question spelled in pinyin. A single word the dictionary knows (Liaocheng, China) is left
    to it; a name of several words is read even when its parts are words (Li Changping)."""
    found = []
    for match in _NAME_RUN.finditer(question):
        words = match.group().replace("-", " ").split()
        if match.start() == 0 and len(words) > 1 and syllables(words[0]) is None:
            words = words[1:]  # the question's first word is capitalised anyway ("Did Zhang Baishun…")
        parts = [syllables(w) for w in words]
        if any(p is None for p in parts) or (len(words) == 1 and known(words[0])):
            continue
        flat = [s for p in parts for s in p or []]
        if MIN_SYLLABLES <= len(flat) <= MAX_SYLLABLES:
            forms = read_back(flat, seen)
            if forms:
                found.append((" ".join(words), forms))
    return found
