"""Documents added or deleted from the web, worked through one job at a time in a background
thread, with a live status per document (queued, reading, OCR page 3/8, indexing, failed)."""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path

from rag.config import Settings
from rag.pipeline.collections import CollectionError, DocumentInfo, list_documents, read_staged, rebuild, remove_documents, stage

log = logging.getLogger(__name__)


class Uploads:
    """The background worker of one web app: one job at a time (OCR and embedding already use
    every core), statuses readable from any thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._live: dict[tuple[str, str], str] = {}  # (collection, document) -> status while work is pending
        self._lock = threading.Lock()
        self._jobs: queue.Queue[tuple[str, str, list[Path] | str]] = queue.Queue()
        threading.Thread(target=self._work, name="rag-uploads", daemon=True).start()

    def _say(self, collection: str, document: str, status: str) -> None:
        with self._lock:
            self._live[(collection, document)] = status

    def add(self, collection: str, files: list[tuple[Path, str]]) -> None:
        """Queue uploaded files (temporary path, original name); oversized ones fail at once."""
        staged = []
        for path, name in files:
            try:
                target = stage(self.settings, collection, path, name)
            except CollectionError as exc:
                self._say(collection, Path(name).name, f"failed: {str(exc).split(': ', 1)[-1]}")
                continue
            self._say(collection, target.name, "queued")
            staged.append(target)
        if staged:
            self._jobs.put(("add", collection, staged))

    def delete(self, collection: str, document: str) -> None:
        """Queue the deletion of a document."""
        self._say(collection, document, "deleting")
        self._jobs.put(("delete", collection, document))

    def statuses(self, collection: str) -> list[DocumentInfo]:
        """The collection's documents, with live statuses for those being worked on."""
        try:
            infos = {i.name: i for i in list_documents(self.settings, collection)}
        except (CollectionError, OSError) as exc:
            log.warning("cannot list collection %s: %s", collection, exc)
            infos = {}
        with self._lock:
            live = {doc: status for (coll, doc), status in self._live.items() if coll == collection}
        for doc, status in live.items():
            info = infos.setdefault(doc, DocumentInfo(doc, status))
            info.status, info.reason = status, ""
        return sorted(infos.values(), key=lambda i: i.name)

    def busy(self) -> bool:
        """True while a job is queued or running."""
        return self._jobs.unfinished_tasks > 0

    def _work(self) -> None:
        while True:
            kind, collection, payload = self._jobs.get()
            try:
                if kind == "add":
                    self._add(collection, payload)  # type: ignore[arg-type]
                else:
                    remove_documents(self.settings, collection, [payload])  # type: ignore[list-item]
                    with self._lock:
                        self._live.pop((collection, str(payload)), None)
            except Exception as exc:  # noqa: BLE001 - the worker must survive any one job; the user sees why
                log.exception("document job failed")
                for doc in [p.name for p in payload] if isinstance(payload, list) else [payload]:
                    self._say(collection, doc, f"failed: {exc}")
            finally:
                self._jobs.task_done()

    def _add(self, collection: str, staged: list[Path]) -> None:
        done = []
        for path in staged:
            info = read_staged(self.settings, collection, path, lambda doc, status: self._say(collection, doc, status))
            if info.status == "skipped":
                self._say(collection, info.name, f"failed: {info.reason}")
            else:
                self._say(collection, info.name, "indexing")
                done.append(info.name)
        log.info("collection %s: %s", collection, rebuild(self.settings, collection))
        with self._lock:
            for name in done:
                self._live.pop((collection, name), None)  # the listing now says "indexed"
