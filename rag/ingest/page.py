"""One OCR'd page in, its articles out: blocks, headlines, reading order, stories."""

from __future__ import annotations

from rag.ingest.assemble import repair_order
from rag.ingest.layout import BODY_KINDS, Block, Kind, annotate, split_blocks
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
    blocks = [b for region in regions(blocks) for b in repair_order(region, titles_after=orientation == "after")]
    return segment_page(blocks, orientation, source)


# Reading-order repair compares every break with every possible continuation, so its cost
# grows with the square of the blocks compared. A printed page holds well under this many
# blocks (the seed pages: 31 to 123); a huge file (an archive dump, a book) is repaired in
# regions of this size, so parsing stays linear in its length.
REGION_BLOCKS = 200


def regions(blocks: list[Block], size: int = REGION_BLOCKS) -> list[list[Block]]:
    """The blocks in runs of at most `size`, each cut before a block that opens a story
    (a headline, a dateline) when one lies in the second half of the run."""
    out: list[list[Block]] = []
    start = 0
    while len(blocks) - start > size:
        end = start + size
        opener = next((k for k in range(end, start + size // 2, -1) if _opens_story(blocks[k])), end)
        out.append(blocks[start:opener])
        start = opener
    out.append(blocks[start:])
    return out


def _opens_story(block: Block) -> bool:
    return block.kind not in (Kind.BODY, Kind.SECTION) and block.role != "heading"
