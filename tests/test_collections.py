"""Collections: add reads only new documents, bad files never lose indexed ones, remove stops answers."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from rag.config import Settings
from rag.pipeline import ask
from rag.pipeline.collections import CollectionError, add_documents, collection_names, collection_settings, list_documents, remove_documents
from tests.documents import MARKDOWN, NEWS_HTML

QUESTION = "谁表示扩建工程将进一步完善聊城的综合交通运输体系？"  # only the web page says: 刘建国


def test_add_list_remove_and_bad_files(tmp_path, monkeypatch):
    settings = Settings(seeds_dir=tmp_path / "seeds", index_dir=tmp_path / "vs", collections_dir=tmp_path / "c", embed_model="not-a-real-org/no-such-model")
    (tmp_path / "in").mkdir()
    page, notes, bad = tmp_path / "in" / "news.html", tmp_path / "in" / "notes.md", tmp_path / "in" / "locked.docx"
    page.write_text(NEWS_HTML, encoding="utf-8")
    notes.write_text(MARKDOWN, encoding="utf-8")
    bad.write_bytes(b"PK\x03\x04 truncated")
    add_documents(settings, "报纸", [page])
    assert collection_names(settings) == ["default", "报纸"]
    coll = collection_settings(settings, "报纸")
    assert "刘建国" in ask(QUESTION, settings=coll, generator="extractive").text

    import rag.ingest.documents as documents

    seen: list[str] = []
    real = documents.read_document
    monkeypatch.setattr(documents, "read_document", lambda path, **kw: (seen.append(path.name), real(path, **kw))[1])
    infos, summary = add_documents(settings, "报纸", [notes, bad])
    assert sorted(seen) == ["locked.docx", "notes.md"]  # news.html came from the parse cache
    listed = {i.name: i for i in list_documents(settings, "报纸")}
    assert listed["news.html"].status == "indexed" and listed["notes.md"].status == "indexed" and listed["notes.md"].passages > 0
    assert listed["locked.docx"].status == "skipped" and "truncated" in listed["locked.docx"].reason
    assert "刘建国" in ask(QUESTION, settings=coll, generator="extractive").text  # nothing lost

    remove_documents(settings, "报纸", ["news.html"])
    assert "刘建国" not in ask(QUESTION, settings=coll, generator="extractive").text
    remove_documents(settings, "报纸", ["notes.md"])  # only the unreadable file is left: no stale answers
    from rag.pipeline import IngestError

    with pytest.raises(IngestError):
        ask(QUESTION, settings=coll, generator="extractive")
    with pytest.raises(CollectionError):
        remove_documents(settings, "报纸", ["news.html"])
    with pytest.raises(CollectionError):
        collection_settings(settings, "../etc")


def test_cli_add_and_list(tmp_path, monkeypatch):
    from rag.cli import app
    from rag.config import get_settings

    for key, value in {"SEEDS_DIR": tmp_path / "seeds", "INDEX_DIR": tmp_path / "vs", "COLLECTIONS_DIR": tmp_path / "c", "EMBED_MODEL": "not-a-real-org/x"}.items():
        monkeypatch.setenv(f"RAG_{key}", str(value))
    get_settings.cache_clear()
    page = tmp_path / "news.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    try:
        result = CliRunner().invoke(app, ["add", str(page), "--collection", "web"])
        assert result.exit_code == 0 and "added news.html (html" in result.output
        listing = CliRunner().invoke(app, ["list", "-c", "web"])
        assert "news.html" in listing.output and "indexed" in listing.output
    finally:
        get_settings.cache_clear()
