"""Property-based tests (Hypothesis) of the text cleaning and chunking invariants."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.ingest.chunks import chunk_article
from rag.ingest.page import parse_page
from rag.ingest.reflow import reflow_lines
from rag.schema import Article
from rag.lang import remove_ocr_spaces, sentence_spans

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
PIECES = st.one_of(CJK, st.sampled_from(list("，。！？；：“”、（）0123456789 　\t%·abcXYZ")))
SENTENCE = st.builds(lambda body, end: body + end, st.text(PIECES, min_size=1, max_size=60), st.sampled_from(["。", "！", "？", "。”", "", "，"]))
TEXT = st.lists(SENTENCE, min_size=1, max_size=40).map("".join)
LINES = st.lists(st.text(PIECES, min_size=0, max_size=40), min_size=1, max_size=30)


@given(st.text(PIECES, max_size=300))
def test_removing_ocr_spaces_is_idempotent(text):
    once = remove_ocr_spaces(text)
    assert remove_ocr_spaces(once) == once


@given(LINES, st.booleans())
@settings(deadline=None)
def test_reflow_is_idempotent(lines, paragraph_mode):
    # Cleaned text has one paragraph per line, so cleaning it again reads it that way (column
    # widths, which decide breaks in OCR'd columns, no longer exist in it).
    once = reflow_lines(lines, paragraph_mode)
    assert reflow_lines(once.split("\n"), True) == once
    assert "\n\n" not in once


@given(TEXT, st.integers(min_value=50, max_value=400), st.integers(min_value=0, max_value=120))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_chunk_offsets_always_slice_to_the_chunk_text(text, budget, overlap):
    article = Article(source="p.txt", position=0, title="t", text=text)
    chunks = chunk_article(article, budget, overlap)
    covered = set()
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert len(chunk.text) <= budget
        covered.update(range(chunk.start, chunk.end))
    assert [c.start for c in chunks] == sorted({c.start for c in chunks})  # always moves on
    for start, end in sentence_spans(text):  # every character of every sentence is in a chunk
        assert set(range(start, end)) <= covered
    assert len({c.id for c in chunks}) == len(chunks)


@given(st.lists(st.text(PIECES, min_size=0, max_size=50), min_size=1, max_size=25).map("\n".join))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_page_parses_into_articles_whose_text_is_clean(page):
    for article in parse_page(page, "p.txt"):
        assert article.text and remove_ocr_spaces(article.text) == article.text
        for start, end in article.headings:
            assert 0 <= start < end <= len(article.text)
