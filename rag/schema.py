"""The data that flows between stages: Article, Chunk, Passage, Citation, Answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One story cut from a newspaper page: cleaned body text plus what was printed around it.

    `text` is what readers are quoted from: OCR line breaks and stray spaces removed,
    original punctuation kept, paragraphs separated by "\\n". Titles, bylines and
    datelines are metadata, never part of `text`.
    """

    source: str  # file name of the document in its collection
    position: int  # order of the article on its page
    title: str
    text: str
    title_inferred: bool = False  # True when the page printed no headline for it
    kind: str = "article"  # article | caption | fragment
    subtitle: str = ""
    byline: str = ""
    dateline: str = ""
    continued_from: str = ""  # e.g. "上接第1版": the story began on another page
    continues_on: str = ""  # e.g. "下转第8版": the story goes on on another page
    jump_title: str = ""  # the page's own headline for a continuation linked to its story
    linked_id: str = ""  # id of the other half of a story split across pages
    headings: list[tuple[int, int]] = field(default_factory=list)  # in-text subheads (start, end)
    # Where the story came from, for documents other than OCR'd text pages.
    page: int = 0  # page number within a PDF or multi-page image (1-based); 0 when not paged
    doc_format: str = "txt"  # the reader that produced it: txt | html | pdf | image | docx | markdown
    published: str = ""  # publication date a web page declares (ISO), "" when unknown
    site: str = ""  # the web site a page was saved from

    @property
    def id(self) -> str:
        """Stable id: source file and position on the page."""
        return f"{self.source}#{self.position}"

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (lists of [start, end] for headings)."""
        data = asdict(self)
        data["id"] = self.id
        data["headings"] = [list(h) for h in self.headings]
        return data


@dataclass
class Chunk:
    """A sentence-aligned slice of an article: `text == article.text[start:end]`."""

    id: str  # content hash
    article_id: str
    source: str
    title: str
    text: str
    start: int
    end: int
    position: int  # index of the chunk within its article

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Chunk":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


@dataclass
class Passage:
    """A retrieved chunk with its score. `text == cleaned article text[start:end]`."""

    id: str
    source: str
    title: str
    text: str
    start: int
    end: int
    score: float

    @classmethod
    def from_chunk(cls, chunk: Chunk, score: float) -> "Passage":
        return cls(chunk.id, chunk.source, chunk.title, chunk.text, chunk.start, chunk.end, float(score))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Citation:
    """Marker `[n]` in an answer, the passage it points at and the verbatim supporting quote."""

    n: int
    passage: Passage
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "quote": self.quote, "passage": self.passage.to_dict()}


@dataclass
class Answer:
    """What `ask()` returns: text with `[n]` markers, their citations, and what was retrieved."""

    text: str
    citations: list[Citation]
    passages: list[Passage]
    abstained: bool
    generator: str
    unsupported: list[str] = field(default_factory=list)  # answer sentences no passage supports
    notes: list[str] = field(default_factory=list)  # e.g. "offline: model X could not be loaded"
    confidence: float | None = None  # the answerer's probability that its evidence answers (extractive)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "abstained": self.abstained,
            "generator": self.generator,
            "unsupported": list(self.unsupported),
            "notes": list(self.notes),
            "confidence": self.confidence,
        }
