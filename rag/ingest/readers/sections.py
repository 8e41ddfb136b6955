"""Born-digital documents (web pages, Word, Markdown) as headings and paragraphs -> Articles.

These formats say where paragraphs and headings are, so they skip the OCR page parser:
the top heading level starts a new article, deeper headings become in-text subheads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rag.lang import remove_ocr_spaces
from rag.schema import Article

_SPACES = re.compile(r"[ \t\u00a0\u3000\u200b]+")


@dataclass
class Block:
    """A paragraph (level 0) or a heading (level 1 = most important)."""

    text: str
    level: int = 0


def clean_text(text: str) -> str:
    """One paragraph as clean text: NFC, one space between Latin words, none between CJK characters."""
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return remove_ocr_spaces("\n".join(line for line in lines if line))


def sections_to_articles(blocks: list[Block], source: str, fallback_title: str, **meta: str) -> list[Article]:
    """Articles cut at the top heading level; `fallback_title` names text before any heading."""
    blocks = [Block(clean_text(b.text), b.level) for b in blocks]
    blocks = [b for b in blocks if b.text]
    levels = [b.level for b in blocks if b.level > 0]
    top = min(levels) if levels else 0
    articles: list[Article] = []
    title, inferred, paragraphs, heads = fallback_title, True, [], []

    def flush() -> None:
        text = "\n".join(paragraphs)
        if text:
            articles.append(Article(source=source, position=len(articles), title=title, text=text, title_inferred=inferred, headings=list(heads), **meta))

    for block in blocks:
        if top and block.level == top:
            flush()
            title, inferred, paragraphs, heads = block.text.replace("\n", " "), False, [], []
        elif block.level > 0:
            start = sum(len(p) + 1 for p in paragraphs)
            paragraphs.append(block.text.replace("\n", " "))
            heads.append((start, start + len(paragraphs[-1])))
        else:
            paragraphs.extend(block.text.split("\n"))
    flush()
    return articles
