"""Word documents (.docx) with python-docx: headings, paragraphs and tables as text, in order."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rag.ingest.readers.base import Progress, UnreadableDocument
from rag.ingest.readers.sections import Block, sections_to_articles
from rag.schema import Article

_HEADING = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.IGNORECASE)


def _level(style_name: str) -> int:
    """Heading level of a paragraph style (Title counts as level 1), 0 for body text."""
    if style_name.lower() == "title":
        return 1
    match = _HEADING.match(style_name.strip())
    return int(match.group(1)) if match else 0


def read_docx(path: Path, data: bytes, progress: Progress) -> tuple[list[Article], int]:
    """Articles of a Word document, cut at its top heading level; (articles, pages=1)."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises zip, XML and key errors on damaged files
        raise UnreadableDocument(f"damaged or truncated Word document ({type(exc).__name__}: {exc})") from exc
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [cell.text.strip() for cell in row.cells]
                # merged cells repeat their text in every grid position they cover
                unique = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
                if unique:
                    blocks.append(Block("｜".join(unique)))
        else:
            style = item.style.name if item.style is not None else ""
            blocks.append(Block(item.text, _level(style or "")))
    title = (document.core_properties.title or "").strip() or path.stem
    meta = {"byline": (document.core_properties.author or "").strip()}
    return sections_to_articles(blocks, path.name, title, **meta), 1
