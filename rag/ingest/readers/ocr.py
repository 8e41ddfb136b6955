"""OCR of page images with rapidocr-onnxruntime (PP-OCRv4 Chinese models inside the wheel),
lines put in column reading order, as page text for the same parser the .txt pages get."""

from __future__ import annotations

import io
import statistics
import threading
from dataclasses import dataclass
from typing import Any

from rag.ingest.readers.base import UnreadableDocument

MAX_PIXELS = 80_000_000  # larger images are refused (decompression bombs, memory)
MIN_SCORE = 0.5  # recognised lines below this confidence are noise (speckles, rules)

_ENGINE: Any = None
_LOCK = threading.Lock()  # one OCR at a time: it already uses every core


@dataclass
class Line:
    """One recognised text line and its box."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def _engine() -> Any:
    global _ENGINE
    if _ENGINE is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise UnreadableDocument("OCR needs the rapidocr-onnxruntime package (pip install rapidocr-onnxruntime)", lasting=False) from exc
        _ENGINE = RapidOCR()
    return _ENGINE


def load_image(data: bytes) -> Any:
    """An RGB numpy array of an image file's first frame; UnreadableDocument when it is not one."""
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UnreadableDocument(f"image too large ({image.width}x{image.height} pixels)")
            return np.asarray(image.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableDocument(f"corrupt or unsupported image ({exc})") from exc


def ocr_lines(image: Any) -> list[Line]:
    """Text lines recognised on a page image (RGB array), in no particular order."""
    with _LOCK:
        result, _ = _engine()(image)
    lines = []
    for box, text, score in result or []:
        if float(score) < MIN_SCORE or not text.strip():
            continue
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        lines.append(Line(min(xs), min(ys), max(xs), max(ys), text.strip()))
    return lines


def _split(lines: list[Line], axis: str, min_gap: float) -> list[list[Line]]:
    """Groups of lines separated by an empty stripe at least `min_gap` wide along `axis`."""
    lo, hi = ("x0", "x1") if axis == "x" else ("y0", "y1")
    ordered = sorted(lines, key=lambda line: getattr(line, lo))
    groups, reach = [[ordered[0]]], getattr(ordered[0], hi)
    for line in ordered[1:]:
        if getattr(line, lo) - reach >= min_gap:
            groups.append([])
        groups[-1].append(line)
        reach = max(reach, getattr(line, hi))
    return groups


def _xy_cut(lines: list[Line], unit: float) -> list[list[Line]]:
    """Blocks in reading order: columns left to right first; where a headline spans the
    columns (no vertical gutter), bands top to bottom."""
    if len(lines) > 1:
        for axis, gap in (("x", 1.0 * unit), ("y", 0.9 * unit)):
            groups = _split(lines, axis, gap)
            if len(groups) > 1:
                return [block for group in groups for block in _xy_cut(group, unit)]
    return [sorted(lines, key=lambda line: (line.y0, line.x0))]


def _block_text(lines: list[Line], unit: float) -> list[str]:
    """A block's rows (boxes on one row joined), a blank row where the text leaves a gap."""
    rows: list[list[Line]] = []
    for line in lines:
        if rows and line.y0 < rows[-1][0].y0 + 0.5 * rows[-1][0].height:
            rows[-1].append(line)
        else:
            rows.append([line])
    out: list[str] = []
    for i, row in enumerate(rows):
        if i and row[0].y0 - max(l.y1 for l in rows[i - 1]) > 0.8 * unit:
            out.append("")
        out.append(" ".join(l.text for l in sorted(row, key=lambda l: l.x0)))
    return out


def page_text(lines: list[Line]) -> str:
    """Recognised lines as page text in column reading order, blocks separated by blank lines."""
    if not lines:
        return ""
    unit = statistics.median(line.height for line in lines)
    blocks = _xy_cut(lines, unit)
    return "\n\n".join("\n".join(_block_text(block, unit)) for block in blocks)
