"""News web pages: main text and metadata with trafilatura (navigation, ads, scripts dropped)."""

from __future__ import annotations

from pathlib import Path

from rag.ingest.reading import decode_bytes
from rag.ingest.readers.base import Progress, UnreadableDocument
from rag.ingest.readers.sections import Block, sections_to_articles
from rag.schema import Article


def read_html(path: Path, data: bytes, progress: Progress) -> tuple[list[Article], int]:
    """The article of a saved news page, titled from the page; (articles, pages=1)."""
    import trafilatura

    decoded = decode_bytes(data)
    if decoded is None:
        raise UnreadableDocument("HTML page in an unknown text encoding")
    # Precision over recall: a stray menu line in an answer is worse than a lost caption.
    document = trafilatura.bare_extraction(decoded[0], with_metadata=True, favor_precision=True, include_comments=False, include_tables=True)
    if document is None or not (document.text or "").strip():
        raise UnreadableDocument("no article text found in the web page (only navigation or scripts)")
    title = (document.title or "").strip()
    lines = [line for line in document.text.splitlines() if line.strip()]
    if lines and title and lines[0].strip() == title:
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    blocks = [Block(title, 1)] if title else []
    blocks += [Block(line) for line in lines]
    meta = {"byline": document.author or "", "published": document.date or "", "site": document.sitename or document.hostname or ""}
    return sections_to_articles(blocks, path.name, path.stem, **meta), 1
