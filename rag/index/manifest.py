"""vectorstore/manifest.json: what built the index, and whether it still matches the world."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from rag.files import collection_files

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
# A build id names a folder inside the index folder, nothing else: no separators, no "..",
# no absolute paths (a manifest pointing elsewhere would serve another index).
BUILD_ID = re.compile(r"build-[0-9A-Za-z_-]{1,80}")


class IndexCorrupt(RuntimeError):
    """The index on disk is missing pieces or unreadable (a rebuild fixes it)."""


def file_sha1(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def seed_files(folder: Path) -> list[dict[str, Any]]:
    """Name, size, mtime and content hash of every file in the articles folder."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    rows = []
    for path in collection_files(folder):  # exactly the files ingestion reads
        stat = path.stat()
        rows.append({"name": path.name, "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha1": file_sha1(path)})
    return rows


def seeds_changed(recorded: list[dict[str, Any]], folder: Path) -> bool:
    """True when the articles folder differs from what was indexed. Cheap when nothing
    changed: only files whose size or mtime moved are hashed."""
    folder = Path(folder)
    if not folder.is_dir():
        return bool(recorded)
    current = collection_files(folder)
    by_name = {row["name"]: row for row in recorded}
    if [p.name for p in current] != sorted(by_name):
        return True
    for path in current:
        row = by_name[path.name]
        stat = path.stat()
        if stat.st_size != row["bytes"]:
            return True
        if stat.st_mtime_ns != row["mtime_ns"] and file_sha1(path) != row["sha1"]:
            return True
    return False


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    """The manifest, or None when there is no index yet. Raises IndexCorrupt when unreadable."""
    path = Path(index_dir) / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(f"{path} is unreadable: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION or "build_id" not in manifest:
        raise IndexCorrupt(f"{path} is not a manifest this version understands")
    build_id = manifest["build_id"]
    if not isinstance(build_id, str) or not BUILD_ID.fullmatch(build_id):
        raise IndexCorrupt(f"{path} is damaged: its build id {str(build_id)[:100]!r} is not the name of a build folder inside {path.parent}")
    return manifest


def write_manifest(index_dir: Path, manifest: dict[str, Any]) -> None:
    """Atomically replace the manifest: this is the commit point of a build."""
    path = Path(index_dir) / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def stale_reason(manifest: dict[str, Any] | None, seeds_dir: Path, expected: dict[str, Any]) -> str | None:
    """Why the index must be rebuilt, or None when it matches the expected signature (see
    rag.pipeline.signature) and the articles folder."""
    if manifest is None:
        return "no index has been built yet"
    recorded = manifest.get("settings", {})
    for key, value in expected.items():
        if recorded.get(key) != value:
            return f"setting {key} changed ({recorded.get(key)!r} -> {value!r})"
    if str(Path(manifest.get("seeds_dir", ""))) != str(Path(seeds_dir).resolve()):
        return "the articles folder changed"
    if seeds_changed(manifest.get("seeds", []), Path(seeds_dir)):
        return "the articles changed"
    return None
