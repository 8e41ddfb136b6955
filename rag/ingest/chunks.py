"""Sentence-aligned, overlapping chunks with offsets into their article's cleaned text."""

from __future__ import annotations

import hashlib
import re

from rag.schema import Article, Chunk
from rag.lang import sentence_spans

# Clause punctuation a long sentence may be cut at; not the comma grouping a number's digits
# (6,476名): a value is never split between two chunks.
_CLAUSE_RE = re.compile(r"[，；、：;:]|,(?!\d)")


def chunk_id(source: str, start: int, text: str) -> str:
    """Stable content hash of a chunk: same file, place and text give the same id."""
    digest = hashlib.sha1(f"{source}\x1f{start}\x1f{text}".encode("utf-8")).hexdigest()
    return digest[:16]


# Two characters of one number or Latin word: a hard cut between them would split it (2,17|3个).
_ONE_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,]|[.,][0-9]")


def _hard_cut(text: str, start: int, cut: int) -> int:
    """A cut where no punctuation falls, moved back to the start of the number or word it would split."""
    at = cut
    while at > start + 1 and _ONE_TOKEN.match(text, at - 1):
        at -= 1
    return at if at > start + 1 else cut


def _split_long(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than the budget at clause punctuation (or hard, as a last resort)."""
    pieces = []
    while end - start > budget:
        window = text[start : start + budget]
        cuts = [m.end() for m in _CLAUSE_RE.finditer(window)]
        cut = start + cuts[-1] if cuts and cuts[-1] > budget // 3 else _hard_cut(text, start, start + budget)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _units(article: Article, budget: int) -> list[tuple[int, int]]:
    units = []
    for start, end in sentence_spans(article.text):
        units.extend(_split_long(article.text, start, end, budget))
    return units


def chunk_article(article: Article, chunk_chars: int, overlap: int) -> list[Chunk]:
    """Chunks of one article: whole sentences up to `chunk_chars`, consecutive chunks sharing
    up to `overlap` characters of whole sentences; `text == article.text[start:end]`."""
    units = _units(article, chunk_chars)
    headings = {start for start, _ in article.headings}
    chunks: list[Chunk] = []
    first = 0
    while first < len(units):
        last = first
        while last + 1 < len(units) and units[last + 1][1] - units[first][0] <= chunk_chars:
            last += 1
        # Don't end a chunk on a subhead: it belongs with the paragraph it introduces.
        while last > first and units[last][0] in headings and last + 1 < len(units):
            last -= 1
        start, end = units[first][0], units[last][1]
        text = article.text[start:end]
        chunks.append(
            Chunk(
                id=chunk_id(article.source, start, text),
                article_id=article.id,
                source=article.source,
                title=article.title,
                text=text,
                start=start,
                end=end,
                position=len(chunks),
            )
        )
        if last + 1 >= len(units):
            break
        # Next chunk starts early enough to repeat up to `overlap` characters, always moving on.
        nxt = last + 1
        while nxt - 1 > first and end - units[nxt - 1][0] <= overlap:
            nxt -= 1
        first = nxt
    return chunks


def chunk_articles(articles: list[Article], chunk_chars: int, overlap: int) -> list[Chunk]:
    """Chunks of every article, in article order."""
    chunks: list[Chunk] = []
    for article in articles:
        chunks.extend(chunk_article(article, chunk_chars, overlap))
    return chunks
