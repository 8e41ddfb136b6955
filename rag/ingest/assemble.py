"""Repair reading order on pages where OCR interleaved the columns of different stories.

A body block that stops mid-sentence must continue somewhere. Usually that is the next
block, but on some pages OCR read a column of another story in between. For each
(dangling end, printed continuation elsewhere) pair we ask: does that piece fit this
story better than the story it was printed after, and do the words join across the
break? Pairs are linked greedily, best first; the printed order wins ties, so clean
pages stay as printed. Pieces left without a predecessor go to the open story they
resemble most, or stand alone as fragments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.ingest.joins import junction
from rag.ingest.layout import BODY_KINDS, Block, Kind, is_closing_formula
from rag.ingest.similarity import TermSpace
from rag.lang import ends_sentence, split_sentences

# Weights and thresholds, set on the seed pages (tests pin the joins they must produce).
TOPIC_WEIGHT = 4.0
PRINTED_ORDER_BONUS = 0.3
MIN_MOVE_SCORE = 0.4
MIN_STEAL_SCORE = 0.1
MIN_STEAL_SIMILARITY = 0.1
MIN_ORPHAN_SIMILARITY = 0.12
SHORT_INSERT_CHARS = 60
SHORT_INSERT_MIN_CHARS = 12
RUN_CHARS = 1500
MIN_PIECE_CHARS = 80


@dataclass
class _Graph:
    blocks: list[Block]
    nxt: dict[int, int] = field(default_factory=dict)
    prev: dict[int, int] = field(default_factory=dict)

    def link(self, a: int, b: int) -> None:
        self.nxt[a] = b
        self.prev[b] = a


def _movable(block: Block) -> bool:
    """Blocks that belong to whatever story precedes them: plain body and in-story subheads."""
    return block.kind == Kind.BODY or block.kind == Kind.SECTION or block.role == "heading"


def _has_text(block: Block) -> bool:
    return block.kind in BODY_KINDS and bool(block.text)


def _closes_story(block: Block) -> bool:
    last = block.text.rsplit("\n", 1)[-1] if block.text else ""
    return is_closing_formula(last)


def _run_before(blocks: list[Block], i: int) -> str:
    """The story text printed up to block i (inclusive), back to its opening block."""
    parts: list[str] = []
    size = 0
    k = i
    while k >= 0 and size < RUN_CHARS:
        block = blocks[k]
        if _has_text(block):
            parts.append(block.text)
            size += len(block.text)
            if block.kind != Kind.BODY:
                break  # a dateline or （上接…） opened this story
            if k and _has_text(blocks[k - 1]) and _closes_story(blocks[k - 1]):
                break  # the block before ended another story
        elif not _movable(block):
            break
        k -= 1
    return "\n".join(reversed(parts))


def _piece_from(blocks: list[Block], j: int) -> str:
    """Block j and what is printed after it, until its sentence ends and MIN_PIECE_CHARS are
    covered, or a headline or another story's opening intervenes."""
    parts = []
    size = 0
    for block in blocks[j:]:
        if block is not blocks[j] and not _movable(block):
            break
        parts.append(block.text)
        size += len(block.text)
        if size >= MIN_PIECE_CHARS and not block.dangling:
            break
    return "\n".join(parts)


def _is_short_insert(blocks: list[Block], j: int) -> bool:
    """A lone one-sentence block that repeats a sentence printed elsewhere on the page: a
    photo caption dropped between two lines of a story (captions restate their story)."""
    block = blocks[j]
    if block.kind != Kind.BODY or not SHORT_INSERT_MIN_CHARS <= len(block.text) <= SHORT_INSERT_CHARS:
        return False
    if not ends_sentence(block.text) or len(split_sentences(block.text)) != 1:
        return False
    probe = block.text[:SHORT_INSERT_MIN_CHARS]
    for k, other in enumerate(blocks):
        if k == j or not _has_text(other):
            continue
        at = other.text.find(probe)
        if at == 0 or (at > 0 and (ends_sentence(other.text[:at]) or other.text[at - 1] == "\n")):
            return True  # the same sentence opens a paragraph elsewhere: a restating caption
    return False


def _natural_next(blocks: list[Block], i: int) -> list[int]:
    """The printed successor of block i, skipping a caption dropped into the story."""
    j = i + 1
    if j < len(blocks) and blocks[j].kind == Kind.BODY:
        if _is_short_insert(blocks, j) and j + 1 < len(blocks) and blocks[j + 1].kind == Kind.BODY:
            return [j + 1]
        return [j]
    return []


def repair_order(blocks: list[Block], titles_after: bool = False) -> list[Block]:
    """Blocks in reading order: interleaved stories untangled, printed order kept elsewhere.

    `titles_after`: the page prints headlines below their stories, so a headline travels
    with the story printed above it.
    """
    graph = _Graph(blocks)
    if not any(b.dangling or (_has_text(b) and _closes_story(b)) for b in blocks):
        _link_printed_order(graph, titles_after)  # nothing breaks off: keep the printed order
        return _emit(graph)
    space = TermSpace([b.text for b in blocks if _has_text(b)])
    _link_dangling_ends(graph, space)
    _link_printed_order(graph, titles_after)
    _rehome_orphans(graph, space)
    return _emit(graph)


def _is_open_start(blocks: list[Block], j: int) -> bool:
    """A start that may well be mid-sentence: the block printed before it breaks off, cannot
    be continued by it, or closed its story."""
    prev = blocks[j - 1]
    if not _has_text(prev):
        return False
    return prev.dangling or _closes_story(prev) or junction(prev.text, blocks[j].text) < 0


def score_links(blocks: list[Block], space: TermSpace) -> list[tuple[float, int, int]]:
    """(score, end, start) for each dangling end and each start that may continue it:
    its printed successor, or an open start elsewhere on the page."""
    # Whether a block may start mid-sentence, and the piece it begins, do not depend on the
    # end it is compared with: found once per block, not once per (end, start) pair.
    starts = [j for j, b in enumerate(blocks) if b.kind == Kind.BODY and b.text]
    open_starts = {j for j in starts if j and _is_open_start(blocks, j)}
    pieces = {j: _piece_from(blocks, j) for j in starts}
    scored: list[tuple[float, int, int]] = []
    for i, end in enumerate(blocks):
        if not end.dangling:
            continue
        natural = _natural_next(blocks, i)
        run = _run_before(blocks, i)  # only dangling ends need their story's text
        for j in starts:
            if j <= i or not (j in natural or j in open_starts):
                continue
            score = TOPIC_WEIGHT * space.similarity(run, pieces[j]) + junction(end.text, blocks[j].text)
            if j in natural:
                score += PRINTED_ORDER_BONUS
            elif score < MIN_MOVE_SCORE:
                continue
            scored.append((score, i, j))
    scored.sort(reverse=True)
    return scored


def score_steals(blocks: list[Block], space: TermSpace, i: int, taken: set[int]) -> list[tuple[float, int]]:
    """For an end left without a continuation: (score, start) over paragraph starts that fit
    its story better than the story they were printed in."""
    run = _run_before(blocks, i)
    out = []
    for j in range(i + 1, len(blocks)):
        start, prev = blocks[j], blocks[j - 1]
        if j in taken or start.kind != Kind.BODY or not start.text or not _has_text(prev):
            continue
        piece = _piece_from(blocks, j)
        here = space.similarity(run, piece)
        if here < MIN_STEAL_SIMILARITY:
            continue
        score = TOPIC_WEIGHT * (here - space.similarity(_run_before(blocks, j - 1), piece)) + junction(blocks[i].text, start.text)
        if score >= MIN_STEAL_SCORE:
            out.append((score, j))
    out.sort(reverse=True)
    return out


def _link_dangling_ends(graph: _Graph, space: TermSpace) -> None:
    blocks = graph.blocks
    for _score, i, j in score_links(blocks, space):
        if i in graph.nxt or j in graph.prev:
            continue
        graph.link(i, j)
        if j == i + 2:  # skipped an inserted caption: it stands alone
            blocks[i + 1].kind = Kind.CAPTION
    for i, end in enumerate(blocks):
        if end.dangling and i not in graph.nxt:
            steals = score_steals(blocks, space, i, set(graph.prev))
            if steals:
                graph.link(i, steals[0][1])


def _trails(block: Block, titles_after: bool) -> bool:
    """Blocks printed after a story that belong to it: sign-offs, credits, headlines below."""
    if block.kind in (Kind.END_DATELINE, Kind.CREDIT):
        return True
    return titles_after and block.role in ("title", "kicker", "subtitle")


def _link_printed_order(graph: _Graph, titles_after: bool) -> None:
    blocks = graph.blocks
    for i, block in enumerate(blocks[:-1]):
        following = blocks[i + 1]
        if i in graph.nxt or i + 1 in graph.prev:
            continue
        if _trails(following, titles_after) and (_has_text(block) or _trails(block, titles_after)):
            graph.link(i, i + 1)
            continue
        if block.dangling or not (_has_text(block) or _movable(block)):
            continue
        if _has_text(block) and _closes_story(block):
            continue
        if _movable(following):
            graph.link(i, i + 1)


def _rehome_orphans(graph: _Graph, space: TermSpace) -> None:
    """Body left without a predecessor goes after the open story end it resembles most.

    An orphan is body text whose printed predecessor continued elsewhere or closed its
    story. An open end is a complete story end whose printed successor was a headline,
    a new dateline, or was taken by another story.
    """
    blocks = graph.blocks
    for j, block in enumerate(blocks):
        if block.kind != Kind.BODY or j in graph.prev or not j:
            continue
        prev = blocks[j - 1]
        if not (_has_text(prev) and (prev.dangling or _closes_story(prev))):
            continue
        block.orphan = True
        piece = _piece_from(blocks, j)
        best, best_sim = None, MIN_ORPHAN_SIMILARITY
        for r in range(j):
            candidate = blocks[r]
            if r in graph.nxt or not _has_text(candidate) or candidate.dangling or _closes_story(candidate):
                continue
            if r + 1 < len(blocks) and blocks[r + 1].kind in (Kind.END_DATELINE, Kind.CREDIT):
                continue  # the story was signed off: nothing more belongs to it
            sim = space.similarity(_chain_text(graph, r), piece)
            if sim > best_sim:
                best, best_sim = r, sim
        if best is not None:
            graph.link(best, j)
            block.orphan = False


def _chain_text(graph: _Graph, index: int) -> str:
    """Text of the linked story ending at `index`, walking back along links."""
    parts: list[str] = []
    seen: set[int] = set()
    k: int | None = index
    while k is not None and k not in seen and sum(map(len, parts)) < RUN_CHARS:
        seen.add(k)
        parts.append(graph.blocks[k].text)
        k = graph.prev.get(k)
    return "\n".join(reversed(parts))


def _emit(graph: _Graph) -> list[Block]:
    """Printed order, except that each linked chain is emitted where its first block was printed."""
    out: list[Block] = []
    done: set[int] = set()
    for i in range(len(graph.blocks)):
        if i in done or i in graph.prev:
            continue
        k: int | None = i
        while k is not None and k not in done:
            out.append(graph.blocks[k])
            done.add(k)
            k = graph.nxt.get(k)
    out.extend(b for i, b in enumerate(graph.blocks) if i not in done)  # defensive: never drop text
    return out
