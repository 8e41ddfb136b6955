"""Images of pages (.png, .jpg, .tif): OCR, then the same cleanup and segmentation as .txt pages."""

from __future__ import annotations

import io
from pathlib import Path

from rag.ingest.page import parse_page
from rag.ingest.readers.base import Progress, UnreadableDocument
from rag.ingest.readers.ocr import load_image, ocr_lines, page_text
from rag.schema import Article

MAX_FRAMES = 200  # a multi-page TIFF longer than this is more likely a mistake than a paper


def _frames(data: bytes) -> list[bytes]:
    """Each frame of a multi-page TIFF as PNG bytes; other images are one frame."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            count = getattr(image, "n_frames", 1)
            if count <= 1:
                return [data]
            frames = []
            for index in range(min(count, MAX_FRAMES)):
                image.seek(index)
                buffer = io.BytesIO()
                image.convert("RGB").save(buffer, "PNG")
                frames.append(buffer.getvalue())
            return frames
    except (UnidentifiedImageError, OSError, ValueError, EOFError) as exc:
        raise UnreadableDocument(f"corrupt or unsupported image ({exc})") from exc


def ocr_page(data: bytes, source: str, page: int) -> list[Article]:
    """Articles on one page image."""
    text = page_text(ocr_lines(load_image(data)))
    articles = parse_page(text, source)
    for article in articles:
        article.page = page
    return articles


def read_image(path: Path, data: bytes, progress: Progress) -> tuple[list[Article], int]:
    """Articles OCR'd from an image file (every page of a multi-page TIFF); (articles, pages)."""
    frames = _frames(data)
    articles: list[Article] = []
    for number, frame in enumerate(frames, 1):
        progress(f"OCR page {number}/{len(frames)}")
        articles += ocr_page(frame, path.name, number)
    if not articles:
        raise UnreadableDocument("OCR found no text on the image")
    return articles, len(frames)
