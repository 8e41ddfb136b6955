"""Ingestion on the real seed pages: clean text, honest titles, metadata, continuations."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys

import pytest

from rag.ingest import IngestError, load_articles
from rag.lang import contains_normalized, ends_sentence
from tests.conftest import ROOT, SEEDS

CJK_SPACE_CJK = re.compile(r"[\u4e00-\u9fff][ \t\u3000\u00a0]+[\u4e00-\u9fff]")
CJK_SPACE_DIGIT = re.compile(r"[\u4e00-\u9fff][ \t]+[0-9]|[0-9][ \t]+[\u4e00-\u9fff]")


def _by_title(articles, title):
    found = [a for a in articles if a.title == title]
    assert found, f"no article titled {title}"
    return found


def test_expected_headlines_are_titles(articles):
    titles = {a.title for a in articles}
    for headline in [
        "习近平出席上海合作组织成员国元首理事会第二十四次会议",
        "携手构建更加美好的上海合作组织家园",
        "在“上合故事”里感受“和合”向上的时代力量",
        "青海湖畔写担当",
        "做好邻居、好朋友、好伙伴、好兄弟",
    ]:
        assert headline in titles


def test_no_line_break_inside_a_sentence(articles, chunks):
    by_id = {a.id: a for a in articles}
    for chunk in chunks:
        article = by_id[chunk.article_id]
        heading_spans = set(article.headings)
        offset = 0
        lines = chunk.text.split("\n")
        for line, following in zip(lines, lines[1:]):
            start = chunk.start + offset
            offset += len(line) + 1
            is_heading = (start, start + len(line)) in heading_spans
            before_heading = (start + len(line) + 1, start + len(line) + 1 + len(following)) in heading_spans
            colon_paragraph = line.endswith(("：", ":"))
            assert ends_sentence(line) or is_heading or before_heading or colon_paragraph, (
                f"line break mid-sentence in {chunk.id}: …{line[-20:]}"
            )


def test_no_ocr_space_survives(articles):
    for article in articles:
        assert not CJK_SPACE_CJK.search(article.text), article.title
        assert not CJK_SPACE_DIGIT.search(article.text), article.title


def test_full_width_punctuation_is_kept(articles):
    text = "".join(a.text for a in articles)
    assert "，" in text and "。" in text and "“" in text


def test_chunk_text_is_its_article_slice(articles, chunks):
    by_id = {a.id: a for a in articles}
    for chunk in chunks:
        assert chunk.text == by_id[chunk.article_id].text[chunk.start : chunk.end]
        assert chunk.title == by_id[chunk.article_id].title
        assert chunk.source.endswith(".txt")


def test_chunks_respect_budget_and_have_stable_unique_ids(articles, chunks):
    from rag.ingest.chunks import chunk_articles
    from rag.config import Settings

    settings = Settings()
    assert all(len(c.text) <= settings.chunk_chars for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)
    again = chunk_articles(load_articles(SEEDS), settings.chunk_chars, settings.chunk_overlap)
    assert [c.id for c in again] == [c.id for c in chunks]


def test_chunks_overlap_by_whole_sentences(chunks):
    pairs = [(a, b) for a, b in zip(chunks, chunks[1:]) if a.article_id == b.article_id]
    assert any(b.start < a.end for a, b in pairs), "consecutive chunks should share sentences"
    for a, b in pairs:
        assert b.start > a.start  # always moves on


def test_every_dev_evidence_lies_inside_a_chunk(chunks, dev_questions):
    for row in dev_questions:
        for evidence in row["evidence"]:
            assert any(contains_normalized(c.text, evidence) for c in chunks), (row["id"], evidence)


def test_bylines_and_datelines_are_metadata(articles):
    summit = _by_title(articles, "习近平出席上海合作组织成员国元首理事会第二十四次会议")[0]
    assert summit.dateline == "新华社阿斯塔纳7月4日电"
    assert "胡晓光" in summit.byline
    assert summit.text.startswith("当地时间7月4日上午")
    for article in articles:
        assert "新华社阿斯塔纳7月4日电" not in article.text[:30]
        assert not article.text.startswith(("■", "本报讯", "（记者"))
    speech = _by_title(articles, "携手构建更加美好的上海合作组织家园")[0]
    assert speech.subtitle.startswith("——在“上海合作组织+”")
    assert "习近平" in speech.byline
    assert speech.text.startswith("尊敬的托卡耶夫总统")


def test_editorial_continued_on_page_8_is_linked_under_its_title(articles):
    halves = _by_title(articles, "向着中国式现代化美好图景阔步前行")
    first = next(a for a in halves if a.continues_on)
    second = next(a for a in halves if a.continued_from)
    assert first.source != second.source
    assert first.linked_id == second.id and second.linked_id == first.id
    assert second.text.startswith("（三）")
    assert second.jump_title == "聚力攻坚突破激发高质量发展澎湃动力"
    assert "（二）" in first.text


def test_unmatched_continuation_is_labelled(articles):
    aid = _by_title(articles, "青海湖畔写担当")[0]
    assert aid.continued_from == "上接第1版"
    assert not aid.linked_id
    assert aid.text.startswith("帮扶先扶智")


def test_interleaved_columns_are_reassembled(articles):
    texts = {a.title: a.text for a in articles}
    joined = "\n".join(texts.values())
    for seam in ["加强团结合作的积极信号", "近距离感受美丽山东", "共商共建共享的原则", "上海合作组织命运共同体作出应有贡献", "国事访问期间，习近平主席同托卡耶夫总统", "设有1个主论坛"]:
        assert seam in joined, seam
    guterres = next(a for a in articles if "会见联合国秘书长古特雷斯" in a.text[:80])
    assert "论坛期间" not in guterres.text and "曾赞荣" not in guterres.text


def test_titles_do_not_lie_about_fragments(articles):
    forum = next(a for a in articles if a.text.startswith("建绿色“一带一路”"))
    assert forum.title_inferred and forum.kind == "fragment"
    travelogue = _by_title(articles, "做好邻居、好朋友、好伙伴、好兄弟")[0]
    assert "论坛" not in travelogue.text.split("（二）")[0][-400:]  # forum text not glued into it
    assert "绿色发展领域具体合作文件" not in travelogue.text


def test_photo_captions_stand_alone(articles):
    eiffel = next(a for a in articles if "埃菲尔铁塔" in a.text and a.kind == "caption")
    assert "贺长山" in eiffel.byline
    assert "每个环直径约为9米" in eiffel.text


def test_page_furniture_is_dropped(articles):
    joined = "".join(a.text for a in articles)
    assert "本版编辑" not in joined and "扫码关注" not in joined


def test_gbk_copy_ingests_to_the_same_text(tmp_path):
    source = SEEDS / "001_2a0e67fa4b79613c.txt"
    (tmp_path / "utf8").mkdir()
    (tmp_path / "gbk").mkdir()
    (tmp_path / "bom").mkdir()
    text = source.read_text(encoding="utf-8")
    (tmp_path / "utf8" / source.name).write_text(text, encoding="utf-8")
    (tmp_path / "gbk" / source.name).write_bytes(text.encode("gbk"))
    (tmp_path / "bom" / source.name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    reference = [(a.title, a.text) for a in load_articles(tmp_path / "utf8")]
    assert [(a.title, a.text) for a in load_articles(tmp_path / "gbk")] == reference
    assert [(a.title, a.text) for a in load_articles(tmp_path / "bom")] == reference


def test_binary_file_is_skipped_with_a_warning(tmp_path, caplog):
    (tmp_path / "000_page.txt").write_text((SEEDS / "001_2a0e67fa4b79613c.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "noise.txt").write_bytes(bytes((i * 37 + 11) % 256 for i in range(20000)))
    with caplog.at_level(logging.WARNING):
        articles = load_articles(tmp_path)
    assert articles and all(a.source == "000_page.txt" for a in articles)
    assert "photo.jpg" in caplog.text and "noise.txt" in caplog.text


def test_missing_or_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(IngestError, match="not found"):
        load_articles(tmp_path / "nope")
    with pytest.raises(IngestError, match="empty"):
        load_articles(tmp_path)
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(IngestError, match="no readable articles"):
        load_articles(tmp_path)


@pytest.mark.slow
def test_ingest_dump_command_writes_inspectable_chunks(tmp_path):
    out = tmp_path / "chunks.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "rag", "ingest", "--dump", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and {"id", "source", "title", "text", "start", "end"} <= set(rows[0])
    assert "chunks" in result.stdout


def test_a_long_sentence_is_never_cut_inside_a_number():
    """A sentence longer than a chunk is cut at clause punctuation, but not at the comma grouping
    a number's digits: "173个" of "2,173个" would be a wrong answer."""
    from rag.ingest.chunks import _split_long

    text = "球场可以容纳6,476名观众，" + "其中" * 20 + "主看台有2,173个坐席。"
    pieces = [text[s:e] for s, e in _split_long(text, 0, len(text), 24)]
    assert "".join(pieces) == text and len(pieces) > 1
    assert not any(piece[:1].isdigit() and previous[-1:] == "," for previous, piece in zip(pieces, pieces[1:]))
    assert any("2,173个" in piece for piece in pieces) and any("6,476名" in piece for piece in pieces)
