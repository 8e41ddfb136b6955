"""Markdown: rendered to plain text with markdown-it-py; headings become titles, list items stay apart."""

from __future__ import annotations

from pathlib import Path

from rag.ingest.reading import decode_bytes
from rag.ingest.readers.base import Progress, UnreadableDocument
from rag.ingest.readers.sections import Block, sections_to_articles
from rag.ingest.reflow import glue
from rag.schema import Article


def _inline_text(token) -> str:  # type: ignore[no-untyped-def]
    """Plain text of an inline token: emphasis, links and code marks dropped, soft breaks joined."""
    lines, current = [], ""
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            current += child.content
        elif child.type == "image":
            current += child.content  # its alt text
        elif child.type == "softbreak":  # a wrapped line: CJK joins without a space, Latin with one
            lines.append(current.strip())
            current = ""
        elif child.type == "hardbreak":
            lines.append(current.strip() + "\n")
            current = ""
    text = ""
    for piece in lines + [current.strip()]:
        text = text + piece if text.endswith("\n") else glue(text, piece)
    return text


def markdown_blocks(text: str) -> list[Block]:
    """Headings, paragraphs, list items, table rows and code of a Markdown text, in order."""
    from markdown_it import MarkdownIt

    blocks: list[Block] = []
    level, row, in_cell = 0, [], False
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type == "heading_open":
            level = int(token.tag[1])
        elif token.type == "heading_close":
            level = 0
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            blocks.append(Block("｜".join(cell for cell in row if cell)))
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = token.type.endswith("_open")
        elif token.type == "inline":
            if in_cell:
                row.append(_inline_text(token).strip())
            else:
                blocks.append(Block(_inline_text(token), level))  # each list item is its own paragraph
        elif token.type in ("fence", "code_block"):
            blocks.append(Block(token.content))
        # html_block / html_inline are dropped: raw markup (and scripts) never reach the index
    return blocks


def read_markdown(path: Path, data: bytes, progress: Progress) -> tuple[list[Article], int]:
    """Articles of a Markdown file, cut at its top heading level; (articles, pages=1)."""
    decoded = decode_bytes(data)
    if decoded is None:
        raise UnreadableDocument("Markdown file in an unknown text encoding")
    return sections_to_articles(markdown_blocks(decoded[0]), path.name, path.stem), 1
