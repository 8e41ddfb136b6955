"""The web chat's collection chooser, upload box and documents panel (live statuses, delete)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from rag.config import Settings
from rag.pipeline.collections import DEFAULT, CollectionError, DocumentInfo, check_name, collection_titles
from rag.pipeline.uploads import Uploads
from rag.web.render import esc

ACCEPTED = [".txt", ".html", ".htm", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx", ".md", ".markdown"]
REFRESH_S = 0.5  # how often the documents panel redraws


def example_questions(settings: Settings, collection: str, seed_examples: list[str]) -> list[str]:
    """The seeds' curated questions for the default collection; for others, ones made from headlines."""
    if collection == DEFAULT and Path(settings.seeds_dir).resolve().name == "seeds":
        return seed_examples
    return [f"{title}是怎么回事？" for title in collection_titles(settings, collection, limit=4)]


def documents_html(infos: list[DocumentInfo], collection: str) -> str:
    """The documents panel: one row per document with its status."""
    if not infos:
        return f'<div class="docs-empty">文档集 <b>{esc(collection)}</b> 还没有文档 · No documents yet: drop files above.</div>'
    rows = []
    for info in infos:
        status = info.status + (f": {info.reason}" if info.reason and info.status in ("skipped", "pending") else "")
        css = "failed" if status.startswith(("failed", "skipped")) else ("done" if status == "indexed" else "busy")
        counts = f"{info.pages} p · {info.articles} art · {info.passages} psg" if info.status == "indexed" else ""
        rows.append(f'<tr data-doc="{esc(info.name)}"><td>{esc(info.name)}</td><td class="doc-status {css}">{esc(status)}</td><td>{counts}</td></tr>')
    return f'<table class="docs"><tr><th>文档 Document</th><th>状态 Status</th><th></th></tr>{"".join(rows)}</table>'


def documents_panel(settings: Settings, collection: gr.State, examples: gr.Dataset, seed_examples: list[str], uploads: Uploads, chooser: gr.Dropdown) -> None:
    """Render the upload box and documents panel in the current Blocks and wire their events
    and those of the collection `chooser` (rendered in the settings panel)."""
    gr.Markdown("### 文档 Documents")
    upload = gr.File(file_count="multiple", file_types=ACCEPTED, label=f"上传文档 Upload: drop or pick files (≤ {settings.max_upload_mb} MB each; PDF, scans, web pages, Word, Markdown, text)", elem_id="upload")
    notice = gr.Markdown(elem_id="upload-notice")
    panel = gr.HTML(documents_html(uploads.statuses(DEFAULT), DEFAULT), elem_id="documents")
    with gr.Row():
        doomed = gr.Dropdown([], label="删除文档 Delete a document", allow_custom_value=False, scale=3, elem_id="delete-doc")
        delete = gr.Button("删除 Delete", variant="stop", scale=1, min_width=80, elem_id="delete")
    shown = gr.State([])  # document names the delete list offers

    def choose(name: Any) -> tuple[Any, ...]:
        name = str(name or DEFAULT).strip()
        try:
            check_name(name)
        except CollectionError as exc:
            return gr.update(), gr.update(), f"⚠️ {exc}", gr.update()
        questions = example_questions(settings, name, seed_examples)
        return name, gr.Dataset(samples=[[q] for q in questions]), "", documents_html(uploads.statuses(name), name)

    def receive(files: Any, name: str) -> tuple[Any, str]:
        files = files if isinstance(files, list) else [files] if files else []
        too_big = [Path(f).name for f in files if Path(f).stat().st_size > settings.max_upload_mb * 1024 * 1024]
        uploads.add(name, [(Path(f), Path(f).name) for f in files])
        message = f"⚠️ above the {settings.max_upload_mb} MB limit, not added: {', '.join(too_big)}" if too_big else (f"{len(files)} file(s) queued" if files else "")
        return None, message

    def refresh(name: str, offered: list[str]) -> tuple[Any, ...]:
        infos = uploads.statuses(name)
        names = [i.name for i in infos if not i.status.startswith(("failed", "deleting"))]
        choices = gr.update(choices=names) if names != offered else gr.update()
        return documents_html(infos, name), choices, names

    def remove(name: str, document: Any) -> tuple[Any, str]:
        if not document:
            return gr.update(), "choose a document to delete"
        uploads.delete(name, str(document))
        return gr.update(value=None), f"deleting {document}"

    chooser.change(choose, chooser, [collection, examples, notice, panel], api_visibility="private")
    upload.upload(receive, [upload, collection], [upload, notice], api_visibility="private")
    delete.click(remove, [collection, doomed], [doomed, notice], api_visibility="private")
    gr.Timer(REFRESH_S).tick(refresh, [collection, shown], [panel, doomed, shown], api_visibility="private", show_progress="hidden")
