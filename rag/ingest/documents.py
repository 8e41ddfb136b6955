"""A folder of documents in any supported format -> articles, one document at a time, with a
per-document parse cache keyed by file content so only new or changed documents are read.

The cache (`<cache_dir>/<sha1>.json`) holds what reading a file gave: its articles, or why it
was skipped. It is keyed by the file's hash and INGEST_VERSION, so a renamed file is not read
again and a new ingestion version reads everything again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from rag.ingest.readers import UnreadableDocument, read_document
from rag.ingest.reading import list_article_files
from rag.schema import Article

log = logging.getLogger(__name__)

StatusCallback = Callable[[str, str], None]  # (file name, status such as "OCR page 3/8")


@dataclass
class DocumentReport:
    """What reading one document gave."""

    name: str
    sha1: str
    format: str = ""
    ok: bool = True
    reason: str = ""  # why it was skipped
    pages: int = 0
    articles: int = 0
    cached: bool = False  # taken from the parse cache, not read now


def file_hash(path: Path) -> str:
    """SHA-1 of a file's bytes (the same hash the index manifest records)."""
    digest = hashlib.sha1()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _article_from(data: dict[str, Any]) -> Article:
    data = dict(data)
    data.pop("id", None)
    data["headings"] = [tuple(h) for h in data.get("headings", [])]
    return Article(**{k: v for k, v in data.items() if k in Article.__dataclass_fields__})


def cached_report(cache_dir: Path | None, sha1: str, version: str) -> tuple[DocumentReport, list[Article]] | None:
    """The cached reading of a file with this hash, or None."""
    if cache_dir is None:
        return None
    path = Path(cache_dir) / f"{sha1}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("version") != version:
            return None
        report = DocumentReport(**entry["report"])
        return report, [_article_from(a) for a in entry["articles"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring a damaged parse cache entry %s: %s", path, exc)
        return None


def _store(cache_dir: Path, report: DocumentReport, articles: list[Article], version: str) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{report.sha1}.json"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    entry = {"version": version, "report": asdict(report), "articles": [a.to_dict() for a in articles]}
    tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)  # readers never see half an entry


def read_one(path: Path, cache_dir: Path | None, version: str, status: StatusCallback | None = None, name: str | None = None) -> tuple[DocumentReport, list[Article]]:
    """Read one document (or take its cached reading). Never raises for a bad file: the
    report says why it was skipped, and the skip is logged once with the file's name."""
    name = name or path.name
    say = (lambda text: status(name, text)) if status else (lambda text: None)
    try:
        sha1 = file_hash(path)
    except OSError as exc:
        report = DocumentReport(name, "", ok=False, reason=f"cannot read the file ({exc.strerror or exc})")
        log.warning("skipping %s: %s", path, report.reason)
        return report, []
    hit = cached_report(cache_dir, sha1, version)
    if hit is not None:
        report, articles = hit
        report.name, report.cached = name, True
        for article in articles:
            article.source = name  # the same content may have been read under another name
        return report, articles
    say("reading")
    lasting = True
    try:
        kind, articles, pages = read_document(path, progress=say)
        report = DocumentReport(name, sha1, kind, pages=pages, articles=len(articles))
        if not articles:
            report.ok, report.reason = False, "no article text found"
    except UnreadableDocument as exc:
        articles, lasting = [], exc.lasting
        report = DocumentReport(name, sha1, ok=False, reason=exc.reason)
    if not report.ok:
        log.warning("skipping %s: %s", path, report.reason)
    for article in articles:
        article.source = name
    if cache_dir is not None and lasting:
        _store(Path(cache_dir), report, articles, version)
    return report, articles


def read_folder(folder: Path, cache_dir: Path | None, version: str, status: StatusCallback | None = None) -> Iterator[tuple[DocumentReport, list[Article]]]:
    """Each document of a folder (sorted by name) with its articles; bad files come back as
    skipped reports. Raises IngestError when the folder is missing or empty."""
    for path in list_article_files(Path(folder)):
        yield read_one(path, cache_dir, version, status)
