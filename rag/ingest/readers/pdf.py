"""PDF: the text layer with pypdf, page by page; pages without one (scans) go to OCR."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from rag.ingest.page import parse_page
from rag.ingest.readers.base import Progress, UnreadableDocument
from rag.ingest.readers.image import ocr_page
from rag.schema import Article

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 20  # fewer visible characters than this: the page is a scan (or blank)
MAX_PAGES = 2000


def _open(data: bytes):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("encrypted PDF (it needs a password)")
        count = len(reader.pages)
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument(f"damaged PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises assorted errors on damaged or encrypted files
        if "crypt" in str(exc).lower() or "AES" in str(exc):
            raise UnreadableDocument(f"encrypted PDF that cannot be opened ({exc})") from exc
        raise UnreadableDocument(f"damaged PDF ({type(exc).__name__}: {exc})") from exc
    if count > MAX_PAGES:
        raise UnreadableDocument(f"PDF has {count} pages (more than {MAX_PAGES}); split it")
    return reader, count


def _page_image(page) -> bytes | None:  # type: ignore[no-untyped-def]
    """The largest image on a page (a scanned page is one image), as file bytes."""
    try:
        images = list(page.images)
    except Exception as exc:  # noqa: BLE001 - unsupported image filters raise NotImplementedError and others
        log.warning("cannot extract the image of a scanned page: %s", exc)
        return None
    if not images:
        return None
    best = max(images, key=lambda im: len(im.data))
    return best.data


def _page_text(page) -> str:  # type: ignore[no-untyped-def]
    """A page's text layer with headline lines (set clearly larger than the body) standing
    apart between blank lines, as the page parser expects titles on OCR'd pages."""
    runs: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, font_size) -> None:  # type: ignore[no-untyped-def]
        size = abs(font_size * tm[3] * cm[3]) or abs(font_size)
        if text.strip():
            runs.append((text, size))

    text = page.extract_text(visitor_text=visit) or ""
    weights = sorted((size, len(t.strip())) for t, size in runs)
    if not weights:
        return text
    half, seen, body = sum(w for _, w in weights) / 2, 0, weights[0][0]
    for size, weight in weights:  # character-weighted median size: the body text
        seen += weight
        if seen >= half:
            body = size
            break
    heads, current = [], ""
    for run, size in runs:
        if size >= 1.3 * body:
            current += run
        elif current:
            heads.append("".join(current.split()))
            current = ""
    heads.append("".join(current.split()))
    heads = [h for h in heads if len(h) >= 2]
    out: list[str] = []
    for line in text.splitlines():
        key = "".join(line.split())
        if len(key) >= 2 and any(key in head for head in heads):
            out += ["", line, ""]
        else:
            out.append(line)
    return "\n".join(out)


def read_pdf(path: Path, data: bytes, progress: Progress) -> tuple[list[Article], int]:
    """Articles from every page of a PDF, each tagged with its page number; (articles, pages)."""
    reader, count = _open(data)
    scans = []
    articles: list[Article] = []
    for number, page in enumerate(reader.pages, 1):
        progress(f"reading page {number}/{count}")
        try:
            text = _page_text(page)
        except Exception as exc:  # noqa: BLE001 - a damaged content stream spoils one page, not the document
            log.warning("%s page %d: text layer unreadable (%s)", path.name, number, exc)
            text = ""
        if sum(1 for ch in text if not ch.isspace()) >= MIN_TEXT_CHARS:
            for article in parse_page(text, path.name):
                article.page = number
                articles.append(article)
        else:
            scans.append((number, page))
    for done, (number, page) in enumerate(scans, 1):
        progress(f"OCR page {done}/{len(scans)}")
        image = _page_image(page)
        if image is None:
            continue  # blank page, or drawn in vector graphics only
        try:
            articles += ocr_page(image, path.name, number)
        except UnreadableDocument as exc:
            log.warning("%s page %d: %s", path.name, number, exc.reason)
    articles.sort(key=lambda a: (a.page, a.position))
    if not articles:
        raise UnreadableDocument("no text layer and no readable scanned page" if scans else "no text found in the PDF")
    return articles, count
