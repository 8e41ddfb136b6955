"""Plain-text pages (.txt): OCR output of newspaper pages in UTF-8, GB18030 or Big5."""

from __future__ import annotations

import logging
from pathlib import Path

from rag.ingest.page import parse_page
from rag.ingest.reading import decode_bytes
from rag.ingest.readers.base import Progress, UnreadableDocument
from rag.schema import Article

log = logging.getLogger(__name__)


def read_text(path: Path, data: bytes, progress: Progress) -> tuple[list[Article], int]:
    """Articles on one text page; (articles, pages=1)."""
    decoded = decode_bytes(data)
    if decoded is None:
        raise UnreadableDocument("not a text file in UTF-8, GBK/GB18030 or Big5")
    text, encoding = decoded
    if "replaced" in encoding:
        log.warning("%s: %s", path, encoding)
    return parse_page(text, path.name), 1
