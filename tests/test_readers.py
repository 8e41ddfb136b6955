"""Every supported format ingests to clean, titled articles; bad files are skipped with a reason."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import pytest

from rag.ingest import INGEST_VERSION, load_articles
from rag.ingest.chunks import chunk_articles
from rag.ingest.documents import read_one
from rag.ingest.readers import UnreadableDocument, detect_format, read_document
from tests.documents import CJK_SPACE, MARKDOWN, NEWS_BODY, NEWS_HTML, NEWS_TITLE, docx_file, png_bytes, render_page, text_pdf


def _assert_clean(articles, *forbidden: str) -> None:
    """Chunk invariants hold and no markup, script or PDF syntax reached a chunk."""
    chunks = chunk_articles(articles, 300, 80)
    by_id = {a.id: a for a in articles}
    assert chunks
    for chunk in chunks:
        assert chunk.text == by_id[chunk.article_id].text[chunk.start : chunk.end]
        assert not CJK_SPACE.search(chunk.text), chunk.text
        for bad in ("<", "%PDF", "endobj", "**", "# ", *forbidden):
            assert bad not in chunk.text and bad not in chunk.title, (bad, chunk.title, chunk.text)


def test_news_page_keeps_the_story_and_its_metadata_and_drops_navigation_ads_and_scripts(tmp_path):
    page = tmp_path / "news.html"
    page.write_text(NEWS_HTML, encoding="utf-8")
    kind, articles, _ = read_document(page)
    assert kind == "html" and len(articles) == 1
    article = articles[0]
    assert article.title == NEWS_TITLE and not article.title_inferred
    assert article.site == "聊城日报网" and article.published.startswith("2024-07-05") and "王小明" in article.byline
    assert "总投资12亿元" in article.text and "刘建国" in article.text
    _assert_clean(articles, "导航栏", "navSecretScript", "脚本文字", "footerScriptText", "特价机票", "热门推荐", "版权所有", "首页")


def test_pdf_text_layer_gives_titled_articles_with_page_numbers(tmp_path):
    pdf = text_pdf(tmp_path / "paper.pdf", [[NEWS_BODY[0][:18], NEWS_BODY[0][18:], NEWS_BODY[1]], [NEWS_BODY[2]]], headline=NEWS_TITLE)
    kind, articles, pages = read_document(pdf)
    assert (kind, pages) == ("pdf", 2)
    assert articles[0].title == NEWS_TITLE and articles[0].page == 1
    assert "总投资12亿元，预计2026年建成投用。" in articles[0].text
    assert articles[-1].page == 2 and "刘建国" in articles[-1].text
    _assert_clean(articles, "obj", "stream")


def test_docx_headings_paragraphs_and_tables(tmp_path):
    kind, articles, _ = read_document(docx_file(tmp_path / "report.docx"))
    assert kind == "docx"
    assert [a.title for a in articles] == ["聊城港口扩建工程开工", "东阿阿胶博物馆开馆"]
    first = articles[0]
    assert "就业岗位｜3000人" in first.text.splitlines()  # a table row stays one line
    start, end = first.headings[0]
    assert first.text[start:end] == "项目概况"  # a subhead stays in the story, marked
    assert first.byline == "编辑部"
    _assert_clean(articles)


def test_markdown_renders_to_plain_text_with_headings_as_titles_and_separate_list_items(tmp_path):
    md = tmp_path / "notes.md"
    md.write_text(MARKDOWN, encoding="utf-8")
    kind, articles, _ = read_document(md)
    assert kind == "markdown"
    assert [a.title for a in articles] == ["聊城港口扩建工程开工", "东阿阿胶博物馆开馆"]
    lines = articles[0].text.splitlines()
    assert "7月4日，聊城港口扩建工程正式开工，总投资12亿元，预计2026年建成投用。" in lines  # wrapped line joined, ** gone
    assert {"年吞吐能力500万吨", "带动就业3000人", "新建泊位8个"} <= set(lines)
    assert "正式对外开放" in articles[1].text
    _assert_clean(articles, "markdownScript", "](", "https://")


def test_format_is_chosen_by_content_as_well_as_extension(tmp_path):
    assert detect_format(Path("scan.txt"), b"%PDF-1.4\n...") == "pdf"
    assert detect_format(Path("page.txt"), b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert detect_format(Path("photo.dat"), png_bytes(render_page(["测试"], 1))) == "image"
    assert detect_format(Path("notes.md"), "# 标题".encode()) == "markdown"
    assert detect_format(Path("page.txt"), "新华社电".encode()) == "txt"
    with pytest.raises(UnreadableDocument, match=r"\.docx"):
        detect_format(Path("old.doc"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)


def _bad_files(folder: Path) -> dict[str, str]:
    """Broken files of every kind, with the words their skip reason must contain."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    with (folder / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    (folder / "broken.png").write_bytes(png_bytes(render_page(["测试"], 1))[:60])
    docx_bytes = docx_file(folder / "tmp.docx").read_bytes()
    (folder / "tmp.docx").unlink()
    (folder / "cut.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    (folder / "program.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (folder / "empty.txt").write_bytes(b"")
    with zipfile.ZipFile(folder / "archive.zip", "w") as archive:
        archive.writestr("a.txt", "x")
    return {"locked.pdf": "encrypted", "broken.png": "image", "cut.docx": "truncated", "program.bin": "not a text file",
            "legacy.doc": ".docx", "empty.txt": "empty", "archive.zip": "not a Word document"}


def test_bad_files_are_skipped_with_one_line_each_and_the_rest_is_read(tmp_path, caplog):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "news.html").write_text(NEWS_HTML, encoding="utf-8")
    (folder / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    expected = _bad_files(folder)
    with caplog.at_level(logging.WARNING):
        articles = load_articles(folder)
    assert {a.source for a in articles} == {"news.html", "notes.md"}
    skips = [r.getMessage() for r in caplog.records if r.getMessage().startswith("skipping")]
    for name, words in expected.items():
        lines = [line for line in skips if name in line]
        assert len(lines) == 1 and words in lines[0], (name, lines)
    for name, words in expected.items():
        report, found = read_one(folder / name, None, INGEST_VERSION)
        assert not report.ok and words in report.reason and found == []


def test_parse_cache_reads_each_document_once(tmp_path, monkeypatch):
    folder, cache = tmp_path / "docs", tmp_path / "cache"
    folder.mkdir()
    (folder / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    first, articles = read_one(folder / "notes.md", cache, INGEST_VERSION)
    import rag.ingest.documents as documents

    monkeypatch.setattr(documents, "read_document", lambda *a, **k: pytest.fail("read again"))
    again, cached = read_one(folder / "notes.md", cache, INGEST_VERSION)
    assert again.cached and not first.cached and [a.to_dict() for a in cached] == [a.to_dict() for a in articles]
    with pytest.raises(pytest.fail.Exception, match="read again"):
        read_one(folder / "notes.md", cache, "other-version")  # a new ingestion version reads again
