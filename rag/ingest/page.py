"""One OCR'd page in, its articles out: blocks, headlines, reading order, stories."""

from __future__ import annotations

from rag.ingest.assemble import repair_order
from rag.ingest.layout import BODY_KINDS, Kind, annotate, split_blocks
from rag.ingest.reflow import is_paragraph_mode, reflow_lines
from rag.ingest.segment import segment_page
from rag.ingest.titles import decide_titles, detect_orientation, split_title_subtitles
from rag.schema import Article


def parse_page(page: str, source: str) -> list[Article]:
    """Articles printed on one page, with titles, bylines, datelines and jump markers."""
    paragraph_mode = is_paragraph_mode(page.splitlines())
    blocks = split_blocks(page)
    for block in blocks:
        annotate(block)
        block.paragraph_mode = paragraph_mode
    blocks = split_title_subtitles(blocks)
    orientation = detect_orientation(blocks)
    decide_titles(blocks, orientation, paragraph_mode)
    for block in blocks:
        if block.kind in BODY_KINDS or block.kind == Kind.CAPTION:
            block.text = reflow_lines(block.lines, paragraph_mode)
    blocks = repair_order(blocks, titles_after=orientation == "after")
    return segment_page(blocks, orientation, source)
