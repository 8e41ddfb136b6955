"""Headlines: does this page print titles before or after their stories, and which candidates are titles."""

from __future__ import annotations

from typing import Literal

from rag.ingest.joins import junction
from rag.ingest.layout import BODY_KINDS, Block, Kind, has_comma
from rag.ingest.reflow import reflow_lines
from rag.lang import remove_ocr_spaces

Orientation = Literal["before", "after"]

_GROUP_KINDS = {Kind.TITLE, Kind.SUBTITLE, Kind.META}
_STORY_OPENERS = {Kind.START, Kind.CONT, Kind.BYLINE}
# A one-line candidate this close to the column width is a wrapped body line, not a subhead.
_FULL_COLUMN_RATIO = 0.85


def split_title_subtitles(blocks: list[Block]) -> list[Block]:
    """A headline block whose later line starts with '——' holds a title and its subtitle."""
    out: list[Block] = []
    for block in blocks:
        cut = next((i for i, line in enumerate(block.lines) if i and line.strip().startswith("——")), None)
        if block.kind == Kind.TITLE and cut is not None:
            out.append(Block(block.lines[:cut], Kind.TITLE))
            out.append(Block(block.lines[cut:], Kind.SUBTITLE))
        else:
            out.append(block)
    return out


def detect_orientation(blocks: list[Block]) -> Orientation:
    """'after' when the page prints headlines below their stories (common in these OCR pages)."""
    meaningful = [b for b in blocks if b.kind != Kind.JUNK]
    if not meaningful:
        return "before"
    score = 0.0
    if meaningful[0].kind == Kind.TITLE:
        score -= 2
    last = meaningful[-1]
    if last.kind == Kind.SUBTITLE or (last.kind == Kind.TITLE and not has_comma(last)):
        score += 2
    for prev, block in zip(meaningful, meaningful[1:]):
        if block.kind == Kind.TITLE and prev.continues_on:
            score += 1  # a headline right after "（下转第8版）" closes the story above it
    return "after" if score > 0 else "before"


def _ends_story(block: Block) -> bool:
    if block.kind in (Kind.END_DATELINE, Kind.CAPTION, Kind.CREDIT, Kind.JUNK):
        return True
    if block.kind in BODY_KINDS:
        return bool(block.continues_on) or not block.dangling
    return block.kind in (Kind.SECTION, Kind.BYLINE, Kind.META)


def _starts_caption_run(blocks: list[Block], start: int) -> bool:
    """Body blocks ending in a photo credit before any other headline: a multi-paragraph caption."""
    for k in range(start, len(blocks)):  # not blocks[start:]: that copied the rest of a big file per headline
        block = blocks[k]
        if block.kind == Kind.CREDIT:
            return True
        if block.kind != Kind.BODY:
            return False
    return False


def _column_width(blocks: list[Block], index: int) -> int:
    """Width of the text column around blocks[index] (0 when unknown)."""
    for neighbour in (blocks[index + 1 : index + 3] + blocks[max(index - 2, 0) : index][::-1]):
        if neighbour.kind in BODY_KINDS and len(neighbour.lines) >= 2:
            return max(len(remove_ocr_spaces(line.strip())) for line in neighbour.lines)
    return 0


def _is_column_full(blocks: list[Block], index: int, paragraph_mode: bool) -> bool:
    block = blocks[index]
    flat = block.flat
    if paragraph_mode or len(block.lines) != 1 or (flat.startswith("“") and flat.endswith("”")):
        return False
    width = _column_width(blocks, index)
    return bool(width) and len(flat) >= _FULL_COLUMN_RATIO * width


def _is_wrapped_body(blocks: list[Block], index: int, paragraph_mode: bool) -> bool:
    """A headline-like line that is really body text broken off by the layout."""
    block = blocks[index]
    if has_comma(block) or _is_column_full(blocks, index, paragraph_mode):
        return True
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is None or following.kind not in BODY_KINDS:
        return False
    # "…高度评价哈萨克" + "斯坦担任…": a word runs across the break.
    return junction(block.flat, reflow_lines(following.lines, paragraph_mode)) >= 0.5


def _groups(blocks: list[Block]) -> list[tuple[int, int]]:
    """Index ranges [a, b) of consecutive headline-like blocks that contain a TITLE."""
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind in _GROUP_KINDS:
            j = i
            while j < len(blocks) and blocks[j].kind in _GROUP_KINDS:
                j += 1
            if any(b.kind == Kind.TITLE for b in blocks[i:j]):
                groups.append((i, j))
            i = j
        else:
            i += 1
    return groups


def _neighbour(blocks: list[Block], index: int, step: int) -> Block | None:
    index += step
    while 0 <= index < len(blocks) and blocks[index].kind == Kind.JUNK:
        index += step
    return blocks[index] if 0 <= index < len(blocks) else None


def _is_story_title(blocks: list[Block], a: int, b: int, orientation: Orientation) -> bool:
    prev, nxt = _neighbour(blocks, a, -1), _neighbour(blocks, b - 1, 1)
    has_sub = any(x.kind == Kind.SUBTITLE for x in blocks[a:b])
    if orientation == "before":
        if prev is not None and not _ends_story(prev):
            return False
        return prev is None or has_sub or (nxt is not None and nxt.kind in _STORY_OPENERS)
    if prev is None or not _ends_story(prev):
        return False
    if nxt is None or has_sub or nxt.kind in _STORY_OPENERS | {Kind.CAPTION}:
        return True
    return _starts_caption_run(blocks, b)


def decide_titles(blocks: list[Block], orientation: Orientation, paragraph_mode: bool) -> None:
    """Set each headline candidate's role; demote candidates that are really body lines."""
    for a, b in _groups(blocks):
        group = blocks[a:b]
        if _is_story_title(blocks, a, b, orientation):
            _assign_story_roles(group)
            continue
        for offset, block in enumerate(group):
            if block.kind == Kind.TITLE and _is_wrapped_body(blocks, a + offset, paragraph_mode):
                block.kind = Kind.BODY
            elif block.kind in (Kind.TITLE, Kind.SUBTITLE):
                block.role = "heading"


def _assign_story_roles(group: list[Block]) -> None:
    seen_sub = False
    titles = [blk for blk in group if blk.kind == Kind.TITLE]
    main = None
    for block in group:
        if block.kind in (Kind.SUBTITLE, Kind.META):
            seen_sub = True
            block.role = "subtitle" if block.kind == Kind.SUBTITLE else "meta"
        elif not seen_sub:
            main = block
            block.role = "kicker"
        else:
            block.role = "deck"
    if main is not None:
        main.role = "title"
    elif titles:
        titles[0].role = "title"
