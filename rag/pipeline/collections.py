"""Collections: named sets of documents under one root, each with its own articles folder and
index. The default collection is `settings.seeds_dir` + `settings.index_dir` (RAG_SEEDS_DIR);
others live in `<collections_dir>/<name>/articles` and `<collections_dir>/<name>/index`.

Adding reads only new or changed documents (the parse cache is keyed by file content) and
the build re-embeds only passages whose text changed (vectors are reused by content hash).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

from rag.config import Settings
from rag.index.manifest import IndexCorrupt, read_manifest
from rag.ingest import INGEST_VERSION, IngestError
from rag.ingest.documents import StatusCallback, cached_report, file_hash, read_one
from rag.pipeline.build import parse_cache_dir
from rag.pipeline.engine import engine_for

log = logging.getLogger(__name__)

DEFAULT = "default"
_NAME = re.compile(r"^[^\W_][\w\-]{0,63}$")  # letters (any script), digits, _ and -: safe as a folder name
STAGING = ".incoming"  # dot folders are not documents: files wait here while they are read


class CollectionError(ValueError):
    """A bad collection name, a missing or oversized file, or an unknown document."""


@dataclass
class DocumentInfo:
    """One document of a collection and what became of it."""

    name: str
    status: str  # indexed | skipped | pending (not in the current index yet)
    reason: str = ""
    format: str = ""
    pages: int = 0
    articles: int = 0
    passages: int = 0
    bytes: int = 0

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def check_name(name: str) -> str:
    """The collection name, or CollectionError saying what a name may contain."""
    if not _NAME.match(name or ""):
        raise CollectionError(f"bad collection name {name!r}: use letters, digits, '-' or '_' (at most 64)")
    return name


def collection_settings(settings: Settings, name: str | None) -> Settings:
    """Settings whose articles folder and index are those of collection `name`."""
    if not name or name == DEFAULT:
        return settings
    root = Path(settings.collections_dir) / check_name(name)
    return settings.with_overrides(seeds_dir=root / "articles", index_dir=root / "index")


def collection_names(settings: Settings) -> list[str]:
    """The default collection first, then the others by name."""
    root = Path(settings.collections_dir)
    others = sorted(p.name for p in root.iterdir() if (p / "articles").is_dir() and _NAME.match(p.name)) if root.is_dir() else []
    return [DEFAULT] + [n for n in others if n != DEFAULT]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")) if folder.is_dir() else []


def _safe_name(name: str) -> str:
    """A file name that stays inside the folder and is not hidden."""
    name = Path(name).name.strip().lstrip(".")
    if not name:
        raise CollectionError("a document needs a file name")
    return name


def stage(settings: Settings, name: str, source: Path, filename: str | None = None) -> Path:
    """Copy a file into the collection's staging folder (size checked); returns the copy."""
    source = Path(source)
    if not source.is_file():
        raise CollectionError(f"{source}: no such file")
    limit = settings.max_upload_mb * 1024 * 1024
    if source.stat().st_size > limit:
        raise CollectionError(f"{filename or source.name}: {source.stat().st_size / 1e6:.1f} MB is above the {settings.max_upload_mb} MB limit")
    staging = Path(collection_settings(settings, name).seeds_dir) / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    target = staging / _safe_name(filename or source.name)
    shutil.copyfile(source, target)
    return target


def read_staged(settings: Settings, name: str, staged: Path, status: StatusCallback | None = None) -> DocumentInfo:
    """Read a staged file into the parse cache, then move it into the articles folder."""
    coll = collection_settings(settings, name)
    report, _ = read_one(staged, parse_cache_dir(coll), INGEST_VERSION, status)
    target = Path(coll.seeds_dir) / staged.name
    os.replace(staged, target)  # a document with the same name is replaced: that is an update
    return DocumentInfo(staged.name, "pending" if report.ok else "skipped", report.reason, report.format, report.pages, report.articles, bytes=target.stat().st_size)


def rebuild(settings: Settings, name: str) -> str:
    """Bring a collection's index up to date; returns a one-line summary."""
    coll = collection_settings(settings, name)
    engine = engine_for(coll)
    if not _files(Path(coll.seeds_dir)):
        _drop_index(coll)
        engine.invalidate()
        return f"collection {name} is empty"
    try:
        snapshot = engine.rebuild(progress=False)
    except IngestError as exc:  # nothing readable left: nothing may answer from the old build
        _drop_index(coll)
        engine.invalidate()
        return str(exc)
    counts = snapshot.manifest["counts"]
    embedder = snapshot.manifest.get("embedder", {})
    return f"{counts['articles']} articles, {counts['chunks']} passages ({embedder.get('embedded', 0)} embedded, {embedder.get('reused', 0)} reused)"


def _drop_index(coll: Settings) -> None:
    (Path(coll.index_dir) / "manifest.json").unlink(missing_ok=True)


def add_documents(settings: Settings, name: str, paths: Iterable[Path], status: StatusCallback | None = None) -> tuple[list[DocumentInfo], str]:
    """Copy files (or every file in given folders) into a collection and update its index."""
    files: list[Path] = []
    for path in map(Path, paths):
        files += _files(path) if path.is_dir() else [path]
    infos = [read_staged(settings, name, stage(settings, name, path), status) for path in files]
    return infos, rebuild(settings, name)


def remove_documents(settings: Settings, name: str, filenames: Iterable[str]) -> str:
    """Delete documents from a collection and update its index (they stop being answered from)."""
    coll = collection_settings(settings, name)
    folder = Path(coll.seeds_dir)
    for filename in filenames:
        path = folder / _safe_name(filename)
        if not path.is_file():
            raise CollectionError(f"no document {filename!r} in collection {name}")
        sha1 = file_hash(path)
        path.unlink()
        if sha1 not in {file_hash(p) for p in _files(folder)}:
            (parse_cache_dir(coll) / f"{sha1}.json").unlink(missing_ok=True)
    return rebuild(settings, name)


def list_documents(settings: Settings, name: str) -> list[DocumentInfo]:
    """Every document of a collection with its status, pages, articles and indexed passages."""
    coll = collection_settings(settings, name)
    try:
        manifest = read_manifest(Path(coll.index_dir))
    except IndexCorrupt:
        manifest = None
    indexed = {row["name"]: row["sha1"] for row in (manifest or {}).get("seeds", [])}
    passages = _passages_by_source(Path(coll.index_dir), manifest)
    infos = []
    for path in _files(Path(coll.seeds_dir)):
        sha1 = file_hash(path)
        hit = cached_report(parse_cache_dir(coll), sha1, INGEST_VERSION)
        size = path.stat().st_size
        if hit is None:
            infos.append(DocumentInfo(path.name, "pending", "not read yet", bytes=size))
            continue
        report = hit[0]
        status = "skipped" if not report.ok else ("indexed" if indexed.get(path.name) == sha1 else "pending")
        infos.append(DocumentInfo(path.name, status, report.reason, report.format, report.pages, report.articles, passages.get(path.name, 0), size))
    return infos


def _passages_by_source(index_dir: Path, manifest: dict | None) -> dict[str, int]:  # type: ignore[type-arg]
    counts: dict[str, int] = {}
    if not manifest:
        return counts
    try:
        with (index_dir / manifest["build_id"] / "chunks.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                source = json.loads(line)["source"]
                counts[source] = counts.get(source, 0) + 1
    except (OSError, KeyError, ValueError) as exc:
        log.warning("cannot count passages in %s: %s", index_dir, exc)
    return counts


def collection_titles(settings: Settings, name: str, limit: int = 20) -> list[str]:
    """Headlines of the collection's indexed articles (for example questions)."""
    coll = collection_settings(settings, name)
    try:
        manifest = read_manifest(Path(coll.index_dir))
        if not manifest:
            return []
        titles = []
        with (Path(coll.index_dir) / manifest["build_id"] / "articles.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if not row.get("title_inferred") and row.get("title") and row["title"] not in titles:
                    titles.append(row["title"])
                if len(titles) >= limit:
                    break
        return titles
    except (IndexCorrupt, OSError, KeyError, ValueError):
        return []
