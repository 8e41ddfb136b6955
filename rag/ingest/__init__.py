"""Ingestion: read OCR'd newspaper pages and turn them into clean, titled articles."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from rag.ingest.continuations import link_continuations
from rag.ingest.page import parse_page
from rag.ingest.reading import IngestError, list_article_files, read_article_file
from rag.schema import Article
from tqdm import tqdm

log = logging.getLogger(__name__)

__all__ = ["INGEST_VERSION", "IngestError", "iter_pages", "load_articles", "parse_page", "link_continuations"]

# Bump when cleaning, segmentation or continuation linking changes what articles contain:
# indexes built by an older version are then rebuilt.
INGEST_VERSION = "1"


def iter_pages(folder: Path | str, progress: bool = False) -> Iterator[list[Article]]:
    """The articles of each readable page file, one page at a time (continuations not yet linked).

    Unreadable or binary files are skipped with a warning naming them; a missing or empty
    folder raises IngestError.
    """
    files = list_article_files(Path(folder))
    for path in tqdm(files, desc="reading articles", unit="file", disable=not progress, leave=False):
        text = read_article_file(path)
        if text is None:
            continue
        page_articles = parse_page(text, path.name)
        if not page_articles and text.strip():
            log.warning("no article text found in %s", path)
        yield page_articles


def load_articles(folder: Path | str, progress: bool = False) -> list[Article]:
    """Every article in a folder of page files, continuations linked across pages.

    Raises IngestError when the folder is missing or empty, or nothing in it could be read.
    """
    articles = [article for page in iter_pages(folder, progress) for article in page]
    if not articles:
        raise IngestError(f"no readable articles in {folder}")
    link_continuations(articles)
    return articles
