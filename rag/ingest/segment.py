"""Cut a page's blocks (in reading order) into stories with their titles and metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.ingest.layout import Block, Kind, is_closing_formula, title_text
from rag.ingest.reflow import join_blocks
from rag.ingest.titles import Orientation
from rag.schema import Article
from rag.lang import split_sentences

INFERRED_TITLE_CHARS = 28


@dataclass
class _Draft:
    """A story being collected from consecutive blocks."""

    kind: str = "article"
    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    bylines: list[str] = field(default_factory=list)
    dateline: str = ""
    continued_from: str = ""
    continues_on: str = ""
    text: str = ""
    headings: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = False
    fragment: bool = False
    _after_heading: bool = False

    @property
    def has_body(self) -> bool:
        return bool(self.text)

    def add_text(self, text: str, after_complete: bool | None = None) -> None:
        """Append a block's text; `after_complete` says the text so far ends a paragraph."""
        if not text:
            return
        if not self.text:
            self.text = text
        elif self._after_heading:
            self.text = f"{self.text}\n{text}"
        else:
            self.text = join_blocks(self.text, text, after_complete)
        self._after_heading = False
        if is_closing_formula(self.text.rsplit("\n", 1)[-1]):
            self.closed = True

    def add_heading(self, heading: str) -> None:
        if self.text:
            self.text += "\n"
        self.headings.append((len(self.text), len(self.text) + len(heading)))
        self.text += heading
        self._after_heading = True

    def absorb_markers(self, block: Block) -> None:
        if block.dateline and not self.dateline:
            self.dateline = block.dateline
        if block.byline:
            self.bylines.append(block.byline)
        if block.continued_from and not self.continued_from:
            self.continued_from = block.continued_from
        if block.continues_on:
            self.continues_on = block.continues_on


class _Segmenter:
    def __init__(self, orientation: Orientation) -> None:
        self.orientation = orientation
        self.last_block: Block | None = None  # the block whose text was added last
        self.done: list[_Draft] = []
        self.current: _Draft | None = None
        self.last_closed: _Draft | None = None  # title-after: the story a title just closed

    def close(self) -> None:
        if self.current is not None and (self.current.has_body or self.current.title):
            self.done.append(self.current)
            self.last_closed = self.current
        self.current = None

    def open(self) -> _Draft:
        self.close()
        self.current = _Draft()
        return self.current

    def ensure(self) -> _Draft:
        if self.current is None or self.current.closed:
            return self.open()
        return self.current

    def feed(self, block: Block) -> None:
        kind = block.kind
        if kind == Kind.JUNK:
            return
        if block.role in ("title", "kicker", "subtitle", "deck", "meta"):
            self._headline(block)
        elif kind in (Kind.START, Kind.CONT):
            draft = self.current
            if draft is None or draft.has_body or draft.closed:
                draft = self.open()
            draft.absorb_markers(block)
            self._add(draft, block)
        elif kind == Kind.BYLINE:
            if self.orientation == "after" and (self.current is None or self.current.has_body):
                self.open()
            self.ensure().absorb_markers(block)
        elif kind == Kind.END_DATELINE:
            target = self.current or self.last_closed
            if target is not None:
                target.absorb_markers(block)
            self.close()
        elif kind == Kind.CAPTION:
            caption = _Draft(kind="caption")
            caption.absorb_markers(block)
            caption.add_text(block.text)
            self.done.append(caption)
        elif kind == Kind.CREDIT:
            if self.current is not None and self.current.has_body:
                self.current.kind = "caption"
                self.current.absorb_markers(block)
                self.close()
        elif kind == Kind.SECTION or block.role == "heading":
            self.ensure().add_heading(block.flat)  # body text: no typographic spaces
        elif kind == Kind.META:
            draft = self.ensure()
            draft.dateline = draft.dateline or block.flat.strip("（）()")
        else:  # body
            draft = self.current
            if draft is None or draft.closed or (block.orphan and draft.has_body):
                draft = self.open()
                draft.fragment = block.orphan or draft.fragment
            draft.absorb_markers(block)
            self._add(draft, block)

    def _add(self, draft: _Draft, block: Block) -> None:
        previous = self.last_block
        complete = None if previous is None or previous.dangling else True
        draft.add_text(block.text, complete if draft.text else None)
        self.last_block = block

    def _headline(self, block: Block) -> None:
        text = title_text(block)
        if self.orientation == "after":
            # The headline closes the story above it; later parts of the headline follow it.
            if block.role in ("title", "kicker") and self.current is not None and self.current.has_body:
                self.last_closed = self.current
                self.close()
            target = self.last_closed if self.current is None and self.last_closed else self.ensure()
            _set_headline(target, block.role, text)
            return
        if block.role in ("kicker", "title"):
            cur = self.current
            fresh = cur is not None and not cur.has_body and not cur.title and not cur.closed
            if not fresh:
                self.open()
        _set_headline(self.ensure(), block.role, text)


def _set_headline(draft: _Draft, role: str, text: str) -> None:
    if role == "title":
        draft.title = text
    elif role == "kicker":
        draft.kicker = f"{draft.kicker} {text}".strip()
    elif role == "subtitle":
        draft.subtitle = f"{draft.subtitle} {text}".strip()
    elif role == "deck":
        draft.bylines.append(text)
    elif role == "meta":
        draft.dateline = draft.dateline or text.strip("（）()")


def segment_page(blocks: list[Block], orientation: Orientation, source: str) -> list[Article]:
    """Stories of a page, in reading order, as Articles (titles inferred where none was printed)."""
    segmenter = _Segmenter(orientation)
    for block in blocks:
        segmenter.feed(block)
    segmenter.close()
    articles: list[Article] = []
    for draft in segmenter.done:
        if not draft.text.strip():
            continue
        articles.append(_to_article(draft, source, len(articles)))
    return articles


_LEADING_TIME_RE = re.compile(r"^(?:当地时间|北京时间)?[0-9０-９年月日时上下午晚早间]{2,14}，")


def infer_title(text: str) -> str:
    """A label for a story printed without a headline: its first sentence, minus a leading
    time phrase, shortened from the middle so both who and what stay visible."""
    first = split_sentences(text)[0] if text else ""
    first = _LEADING_TIME_RE.sub("", first).rstrip("。！？!?”\"")
    if len(first) <= INFERRED_TITLE_CHARS:
        return first
    head = INFERRED_TITLE_CHARS // 2
    return f"{first[:head]}…{first[-(INFERRED_TITLE_CHARS - head):]}"


def _to_article(draft: _Draft, source: str, position: int) -> Article:
    title = draft.title
    subtitle = draft.subtitle
    if not title and draft.kicker:
        title, draft.kicker = draft.kicker, ""
    if draft.kicker:
        subtitle = f"{draft.kicker} {subtitle}".strip()
    kind = draft.kind if draft.kind == "caption" else ("fragment" if draft.fragment and not title else "article")
    return Article(
        source=source,
        position=position,
        title=title or infer_title(draft.text),
        text=draft.text,
        title_inferred=not title,
        kind=kind,
        subtitle=subtitle,
        byline="；".join(dict.fromkeys(b for b in draft.bylines if b)),
        dateline=draft.dateline,
        continued_from=draft.continued_from,
        continues_on=draft.continues_on,
        headings=list(draft.headings),
    )
