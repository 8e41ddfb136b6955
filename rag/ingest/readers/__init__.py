"""Readers per format, chosen by content (magic bytes) and then by extension; each returns
the same Article records, with the page numbers of paged documents."""

from __future__ import annotations

import logging
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Callable

from rag.ingest.readers.base import Progress, UnreadableDocument, no_progress
from rag.schema import Article

log = logging.getLogger(__name__)

__all__ = ["FORMATS", "Progress", "UnreadableDocument", "detect_format", "read_document"]

Reader = Callable[[Path, bytes, Progress], tuple[list[Article], int]]
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
TEXT_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown", ".markdown": "markdown"}
# Formats people try that have no reader, with what to do instead.
UNSUPPORTED = {
    ".doc": "legacy Word .doc is not supported; save it as .docx",
    ".xls": "spreadsheets are not supported", ".xlsx": "spreadsheets are not supported",
    ".ppt": "slides are not supported", ".pptx": "slides are not supported",
    ".epub": "e-books are not supported; convert to PDF or HTML",
}
MAGIC = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"\xd0\xcf\x11\xe0", "ole"),  # legacy Office (.doc, .xls)
]
FORMATS = ("txt", "html", "pdf", "image", "docx", "markdown")


def detect_format(path: Path, data: bytes) -> str:
    """The reader for a file: magic bytes first (a PDF named .txt is a PDF), then the extension
    for text formats. Raises UnreadableDocument naming the format when none fits."""
    suffix = path.suffix.lower()
    head = data[:1024]
    for magic, kind in MAGIC:
        if head.startswith(magic) or (magic == b"%PDF-" and magic in head):
            if kind == "ole":
                raise UnreadableDocument(UNSUPPORTED.get(suffix, "legacy Office file (.doc/.xls) is not supported; save it as .docx"))
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile as exc:
            raise UnreadableDocument(f"damaged or truncated {suffix or 'ZIP'} file ({exc})") from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnreadableDocument(UNSUPPORTED.get(suffix, f"a ZIP archive ({suffix or 'no extension'}), not a Word document"))
    if suffix in UNSUPPORTED:
        raise UnreadableDocument(UNSUPPORTED[suffix])
    if suffix in IMAGE_EXTENSIONS:
        raise UnreadableDocument(f"not a readable {suffix} image (unknown or damaged content)")
    if suffix == ".pdf":
        raise UnreadableDocument("not a PDF (no %PDF header)")
    if suffix == ".docx":
        raise UnreadableDocument("not a Word document (damaged or truncated)")
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in TEXT_FORMATS:
        return TEXT_FORMATS[suffix]
    if sniff.startswith((b"<!doctype html", b"<html")) or (sniff.startswith(b"<") and b"<body" in data[:4096].lower()):
        return "html"  # a saved web page, whatever it is called
    return "txt"


def _reader(kind: str) -> Reader:
    # Imported on demand: OCR and the PDF/HTML libraries load only when such a file appears.
    if kind == "txt":
        from rag.ingest.readers.text import read_text as reader
    elif kind == "html":
        from rag.ingest.readers.html import read_html as reader
    elif kind == "pdf":
        from rag.ingest.readers.pdf import read_pdf as reader
    elif kind == "image":
        from rag.ingest.readers.image import read_image as reader
    elif kind == "docx":
        from rag.ingest.readers.docx import read_docx as reader
    else:
        from rag.ingest.readers.markdown import read_markdown as reader
    return reader


def read_document(path: Path, data: bytes | None = None, progress: Progress = no_progress) -> tuple[str, list[Article], int]:
    """(format, articles, pages) of one document, article positions numbered through it.

    Raises UnreadableDocument with a reason a user can act on when the file can't be read.
    """
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableDocument(f"cannot read the file ({exc.strerror or exc})", lasting=False) from exc
    if not data.strip():
        raise UnreadableDocument("empty file")
    kind = detect_format(path, data)
    try:
        articles, pages = _reader(kind)(path, data, progress)
    except UnreadableDocument:
        raise
    except (MemoryError, RecursionError) as exc:
        raise UnreadableDocument(f"{kind} too large or deeply nested to read ({type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001 - parsers of damaged files raise anything; one file must not stop a build
        log.debug("reader %s failed on %s", kind, path, exc_info=True)
        raise UnreadableDocument(f"{kind} reader failed: {type(exc).__name__}: {exc}") from exc
    for position, article in enumerate(articles):
        article.position = position
        article.doc_format = kind
    return kind, articles, pages
