"""Link stories split across pages: "（下转第8版）" on one page, "（上接第1版）" on another."""

from __future__ import annotations

import logging
import re

from rag.ingest.similarity import TermSpace
from rag.schema import Article

log = logging.getLogger(__name__)

MIN_LINK_SIMILARITY = 0.12
MIN_MARGIN = 0.04
SECTION_BONUS = 0.3  # "(二)" ends one half and "(三)" opens the other: strong evidence
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_SECTION_RE = re.compile(r"[（(]([一二三四五六七八九十])[）)]")
_MARKER_NUM_RE = re.compile(r"第(\S+?)版")


def _numeral_style(marker: str) -> str:
    """'arabic' for 第8版, 'chinese' for 第一版: papers keep to one style."""
    match = _MARKER_NUM_RE.search(marker)
    return "arabic" if match and any(ch.isdigit() for ch in match.group(1)) else "chinese"


def _sections(article: Article) -> list[int]:
    numbers = []
    for start, end in article.headings:
        match = _SECTION_RE.fullmatch(article.text[start:end])
        if match:
            numbers.append(_NUMERALS[match.group(1)])
    return numbers


def _score(first: Article, second: Article, space: TermSpace) -> float:
    score = space.similarity(first.text, second.text)
    head, tail = _sections(first), _sections(second)
    if head and tail and tail[0] == head[-1] + 1:
        score += SECTION_BONUS
    return score


def link_continuations(articles: list[Article]) -> list[tuple[Article, Article]]:
    """Pair first halves with their continuations where the evidence is strong; a linked
    continuation is cited under its story's title (its own jump headline is kept).

    A pair must come from different files, share the marker style, and beat every rival
    for either half by a margin; pairs are taken strongest first.
    """
    firsts = [a for a in articles if a.continues_on]
    seconds = [a for a in articles if a.continued_from]
    if not firsts or not seconds:
        return []
    space = TermSpace([a.text for a in articles])
    scores: dict[tuple[int, int], float] = {}
    for i, first in enumerate(firsts):
        for j, second in enumerate(seconds):
            if first.source != second.source and _numeral_style(first.continues_on) == _numeral_style(second.continued_from):
                scores[(i, j)] = _score(first, second, space)
    pairs = []
    # Greedy assignment, strongest evidence first; each half links at most once.
    while scores:
        (i, j), score = max(scores.items(), key=lambda item: item[1])
        rivals = [s for (a, b), s in scores.items() if (a == i) != (b == j)]
        if score < MIN_LINK_SIMILARITY:
            break
        if score - max(rivals, default=0.0) >= MIN_MARGIN:
            pairs.append((firsts[i], seconds[j]))
            log.debug("linked %s -> %s (%.2f)", firsts[i].id, seconds[j].id, score)
        scores = {(a, b): s for (a, b), s in scores.items() if a != i and b != j}
    for first, second in pairs:
        second.jump_title = "" if second.title_inferred else second.title
        second.title, second.title_inferred = first.title, first.title_inferred
        second.subtitle = second.subtitle or first.subtitle
        second.linked_id, first.linked_id = first.id, second.id
    return pairs
