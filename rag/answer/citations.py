"""Citations are checked, not trusted.

Each sentence of an answer is aligned with the passage sentence that best supports it.
Support is the share of the claim's character bigrams found in the passage sentence (for
Chinese), or the share of its translated content words (for English), and any number in
the claim must appear in the passage. Markers that point at passages which don't support
their sentence are moved to one that does, or dropped; content sentences no passage
supports are flagged. Citations are renumbered in order of use; every quote is a verbatim
sentence of its passage.

A passage sentence that addresses the assistant (an instruction printed in an article,
rag.answer.instructions) never supports a claim: a claim only such a sentence states is
not supported but obeyed, and is reported as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answer.instructions import instruction_spans
from rag.answer.lexicon import EN_ABBREVIATIONS
from rag.schema import Citation, Passage
from rag.lang import alnum_fold, fold, is_cjk, nfkc, sentence_spans

MARKER_RE = re.compile(r"\s?\[\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*\]|【(\d+)】")
SUPPORTED = 0.5  # a claim is supported when at least half of it is in one passage sentence
ADD_MISSING = 0.7  # an unmarked claim this well supported gets the marker it forgot
MAX_RUN = 3  # a quote may hold a sentence with the ones around it (an extractive quote's context)
_TERMINATORS = "。！？!?"
_CLOSERS = "”’」』\"')）"
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_ABBREVIATION_RE = re.compile(rf"\b{EN_ABBREVIATIONS}$")


@dataclass
class Segment:
    """One sentence or line of an answer with the passage numbers it cites."""

    text: str  # without markers
    marks: list[int] = field(default_factory=list)
    mark_at: int = -1  # where the first marker stood in `text`


@dataclass
class Checked:
    """An answer with repaired markers, its citations, and the claims nothing supports."""

    text: str
    citations: list[Citation]
    unsupported: list[str]
    obeyed: list[str] = field(default_factory=list)  # unsupported claims that an instruction in a passage states


def split_segments(answer: str) -> list[Segment]:
    """Sentences and lines of an answer, each with the markers that follow it."""
    segments: list[Segment] = []
    current = Segment("")
    i = 0
    while i < len(answer):
        marker = MARKER_RE.match(answer, i)
        if marker:
            if current.mark_at < 0:
                current.mark_at = len(current.text)
            current.marks.extend(int(n) for n in re.findall(r"\d+", marker.group(0)))
            i = marker.end()
            continue
        ch = answer[i]
        current.text += ch
        i += 1
        # A quotation (“…”) is one claim: a full stop inside it ends no segment, nor does one
        # that closes an initial or an abbreviation (Mr., Jan.).
        quoting = current.text.count("“") > current.text.count("”")
        full_stop = ch == "." and (i == len(answer) or answer[i] in " \n[") and not quoting and not _after_initial(answer, i - 1) and not _ABBREVIATION_RE.search(current.text)
        ends = ch == "\n" or (ch in _TERMINATORS and not quoting) or full_stop
        if ends:
            while i < len(answer) and answer[i] in _CLOSERS:
                current.text += answer[i]
                i += 1
            while True:  # markers right after the sentence end belong to it
                marker = MARKER_RE.match(answer, i)
                if not marker:
                    break
                if current.mark_at < 0:
                    current.mark_at = len(current.text)
                current.marks.extend(int(n) for n in re.findall(r"\d+", marker.group(0)))
                i = marker.end()
            segments.append(current)
            current = Segment("")
    if current.text or current.marks:
        segments.append(current)
    return segments


def _after_initial(text: str, dot: int) -> bool:
    """The period at `dot` closes an initial (the G. of "S.G. Tallentyre", the W. of "Reginald
    W. Stewart"): a single letter, not the end of a sentence."""
    return dot >= 1 and text[dot - 1].isascii() and text[dot - 1].isalpha() and (dot < 2 or not (text[dot - 2].isascii() and text[dot - 2].isalpha()))


def drop_segments(answer: str, unwanted) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """The answer without the sentences for which unwanted(text) is true (markers kept)."""
    kept, dropped = [], []
    for segment in split_segments(answer):
        if is_content(segment.text) and unwanted(segment.text):
            dropped.append(segment.text.strip())
            continue
        marks = "".join(f"[{m}]" for m in segment.marks)
        at = segment.mark_at if segment.mark_at >= 0 else len(segment.text)
        kept.append(segment.text[:at] + marks + segment.text[at:])
    return "".join(kept), dropped


def _norm(text: str) -> str:
    return alnum_fold(text)


def _bigrams(text: str) -> set[str]:
    # Folded (simplified script): a claim written in one script is supported by a passage in the other.
    cjk = "".join(ch if is_cjk(ch) or ch.isdigit() else " " for ch in fold(text))
    grams: set[str] = set()
    for run in cjk.split():
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            grams.add(run)
    return grams


def is_content(text: str) -> bool:
    """Sentences that state something (framing like "The articles say:" doesn't)."""
    cjk = sum(1 for ch in text if is_cjk(ch))
    words = re.findall(r"[A-Za-z]{3,}", text)
    return cjk >= 2 or len(words) >= 4 or bool(_NUMBER_RE.search(text))  # "18.06%" is an answer


class _Claim:
    """A claim prepared once for scoring against many sentences: its numbers, its bigrams (a
    Chinese claim or a bare value like "44项") or its English words' translations."""

    def __init__(self, claim: str) -> None:
        self.numbers = [n for n in _NUMBER_RE.findall(nfkc(claim)) if len(n) > 0]
        self.grams = _bigrams(claim)
        latin_words = re.findall(r"[A-Za-z]{2,}", claim)
        self.chinese = bool(self.grams) and (sum(1 for ch in claim if is_cjk(ch)) >= 2 or not latin_words)
        self.terms: list[list[str]] = []
        if not self.chinese and latin_words:
            from rag.answer.question import english_form  # English claims: as written, or through the dictionary
            from rag.search.translate import translate_terms

            self.terms = [forms + [english_form(phrase)] for phrase, forms in translate_terms(claim)]

    def score(self, text: str, grams: set[str] | None = None) -> float:
        """How much of the claim `text` states, in [0, 1]; `grams` are text's bigrams when known."""
        penalty = 0.5 if self.numbers and not all(n in nfkc(text) for n in self.numbers) else 1.0
        if self.chinese:
            inside = _bigrams(text) if grams is None else grams
            return penalty * len(self.grams & inside) / len(self.grams)
        if not self.terms:
            return 0.0
        norm = _norm(text)
        hits = sum(1 for forms in self.terms if any(_norm(f) and _norm(f) in norm for f in forms))
        return penalty * hits / len(self.terms)


def support(claim: str, sentence: str) -> float:
    """How much of a claim one passage sentence states, in [0, 1]."""
    return _Claim(claim).score(sentence)


def best_support(claim: str, passage: Passage) -> tuple[float, tuple[int, int]]:
    """(support, span) of the passage sentence that best supports the claim, or of a run of up to
    MAX_RUN adjacent sentences when a quote runs on into the next one (never one that
    addresses the assistant). A run must support more of the claim than its sentences alone."""
    best = (0.0, (0, 0))
    prepared = _Claim(claim)
    skipped = instruction_spans(passage.text)
    sentences = sentence_spans(passage.text)
    grams = [_bigrams(passage.text[a:b]) if prepared.chinese else None for a, b in sentences]
    for length in range(1, MAX_RUN + 1):
        for i in range(len(sentences) - length + 1):
            run = sentences[i : i + length]
            if any(span in skipped for span in run):
                continue
            start, end = run[0][0], run[-1][1]
            together = set().union(*grams[i : i + length]) if prepared.chinese else None
            score = prepared.score(passage.text[start:end], together)
            if score > best[0]:
                best = (score, (start, end))
    return best


def obeys_instruction(claim: str, passages: list[Passage]) -> bool:
    """True when a sentence that addresses the assistant in some passage states the claim
    (by the usual measure of support, or word for word: English claims are otherwise only
    compared with Chinese text through the dictionary)."""
    words = _norm(claim)
    for passage in passages:
        for start, end in instruction_spans(passage.text):
            sentence = passage.text[start:end]
            if support(claim, sentence) >= SUPPORTED or (len(words) >= 4 and words in _norm(sentence)):
                return True
    return False


def check_citations(answer: str, passages: list[Passage], quotes: dict[int, str] | None = None) -> Checked:
    """Verify and repair the [n] markers of an answer against the passages it was given.

    Markers refer to passages by their 1-based position in `passages`. `quotes` may give a
    preferred quote per marker (kept when it is verbatim in its passage).
    """
    segments = split_segments(answer)
    unsupported: list[str] = []
    obeyed: list[str] = []
    evidence: dict[int, tuple[float, tuple[int, int]]] = {}  # passage index -> best sentence
    for segment in segments:
        claim = segment.text.strip()
        if claim and obeys_instruction(claim, passages):  # short English payloads aren't "content"
            unsupported.append(claim)
            obeyed.append(claim)
            segment.marks = []
            continue
        if not is_content(claim):
            segment.marks = []
            continue
        scored = [best_support(claim, p) for p in passages]
        valid = [m for m in dict.fromkeys(segment.marks) if 1 <= m <= len(passages) and scored[m - 1][0] >= SUPPORTED]
        if not valid and scored:
            top = max(range(len(passages)), key=lambda i: scored[i][0])
            threshold = SUPPORTED if segment.marks else ADD_MISSING
            valid = [top + 1] if scored[top][0] >= threshold else []
        if not valid:
            unsupported.append(claim)
        segment.marks = valid
        for m in valid:
            if m - 1 not in evidence or scored[m - 1][0] > evidence[m - 1][0]:
                evidence[m - 1] = scored[m - 1]
    checked = _renumber(segments, passages, evidence, quotes or {}, unsupported)
    checked.obeyed = obeyed
    return checked


def _renumber(segments: list[Segment], passages: list[Passage], evidence: dict[int, tuple[float, tuple[int, int]]], quotes: dict[int, str], unsupported: list[str]) -> Checked:
    order: list[int] = []
    for segment in segments:
        for m in segment.marks:
            if m - 1 not in order:
                order.append(m - 1)
    new_number = {old: new for new, old in enumerate(order, start=1)}
    parts = []
    for segment in segments:
        text = segment.text
        if segment.marks:
            markers = "".join(f"[{new_number[m - 1]}]" for m in segment.marks)
            at = segment.mark_at if segment.mark_at >= 0 else len(text.rstrip("\n。！？!?."))
            text = text[:at] + markers + text[at:]
        parts.append(text)
    citations = []
    for old in order:
        passage = passages[old]
        preferred = quotes.get(old + 1, "")
        if preferred and preferred in passage.text:
            quote = preferred
        else:
            start, end = evidence[old][1]
            quote = passage.text[start:end]
        citations.append(Citation(new_number[old], passage, quote))
    return Checked("".join(parts).strip(), citations, unsupported)
