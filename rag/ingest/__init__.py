"""Ingestion: read documents (OCR'd text pages, PDFs, scans, web pages, Word, Markdown) and
turn them into clean, titled articles."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from rag.ingest.continuations import link_continuations
from rag.ingest.documents import DocumentReport, StatusCallback, read_one
from rag.ingest.page import parse_page
from rag.ingest.reading import IngestError, list_article_files
from rag.schema import Article
from tqdm import tqdm

log = logging.getLogger(__name__)

__all__ = ["INGEST_VERSION", "DocumentReport", "IngestError", "iter_pages", "load_articles", "parse_page", "link_continuations"]

# Bump when cleaning, segmentation or continuation linking changes what articles contain:
# indexes built by an older version are then rebuilt.
INGEST_VERSION = "3"  # 2: readers per format (HTML, PDF, OCR, DOCX, Markdown), page metadata; 3: English lines joined with a space


def iter_pages(folder: Path | str, progress: bool = False, cache_dir: Path | None = None, status: StatusCallback | None = None) -> Iterator[list[Article]]:
    """The articles of each readable document, one document at a time (continuations not yet linked).

    Any supported format (rag.ingest.readers); unreadable or unsupported files are skipped with
    one warning naming them and the reason. With `cache_dir`, documents read before (same
    content) are taken from the parse cache. A missing or empty folder raises IngestError.
    """
    files = list_article_files(Path(folder))
    for path in tqdm(files, desc="reading documents", unit="file", disable=not progress, leave=False):
        report, articles = read_one(path, cache_dir, INGEST_VERSION, status)
        if report.ok:
            yield articles


def load_articles(folder: Path | str, progress: bool = False) -> list[Article]:
    """Every article in a folder of page files, continuations linked across pages.

    Raises IngestError when the folder is missing or empty, or nothing in it could be read.
    """
    articles = [article for page in iter_pages(folder, progress) for article in page]
    if not articles:
        raise IngestError(f"no readable articles in {folder}")
    link_continuations(articles)
    return articles
