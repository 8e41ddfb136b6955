"""Ingestion benchmarks: adding one document to a big collection (what is read and embedded
again), and OCR speed in pages per minute.

    python -m rag.bench.ingest add --passages 10000
    python -m rag.bench.ingest ocr --pages 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from rag.config import Settings


FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def render_page(lines: list[str], columns: int = 2, size: int = 26) -> "Image.Image":  # type: ignore[name-defined]  # noqa: F821
    """A newspaper-like page image: the lines set in `columns` columns with the CJK font."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), size)
    step, width = int(size * 1.45), size * 19
    per_column = -(-len(lines) // columns)
    image = Image.new("L", (columns * (width + 60) + 60, per_column * step + 80), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        column, row = divmod(i, per_column)
        draw.text((40 + column * (width + 60), 40 + row * step), line, font=font, fill=0)
    return image



class HashingEmbedder:
    """A cheap deterministic embedder (feature-hashed character bigrams): the benchmark counts
    which passages are embedded, not how well."""

    name, dim = "hashing-bench", 64

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for i in range(len(text) - 1):
                out[row, hashlib.blake2b(text[i : i + 2].encode(), digest_size=2).digest()[0] % self.dim] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([text])[0]


def bench_add(passages: int, work: Path, seeds: Path) -> dict[str, object]:
    """Build a collection of about `passages` passages, add one seed page, rebuild; report
    what was read and embedded again and how long each build took."""
    from rag.bench.scale import CHUNKS_PER_ARTICLE
    from rag.bench.synthetic import ArchiveWriter
    from rag.pipeline.build import build_index

    folder, index = work / "articles", work / "index"
    ArchiveWriter(seeds).write(folder, max(1, int(passages / CHUNKS_PER_ARTICLE)), progress=False)
    settings = Settings(seeds_dir=folder, index_dir=index, embed_model="hashing-bench")
    embedder = HashingEmbedder()
    started = time.perf_counter()
    first = build_index(settings, embedder, progress=False).manifest
    first_s = time.perf_counter() - started
    new_doc = sorted(seeds.glob("*.txt"))[0]
    shutil.copy(new_doc, folder / new_doc.name)
    started = time.perf_counter()
    second = build_index(settings, embedder, progress=False).manifest
    second_s = time.perf_counter() - started
    return {
        "passages_before": first["counts"]["chunks"], "passages_after": second["counts"]["chunks"],
        "first_build_s": round(first_s, 2), "first_embedded": first["embedder"]["embedded"],
        "add_build_s": round(second_s, 2), "add_embedded": second["embedder"]["embedded"], "add_reused": second["embedder"]["reused"],
        "new_document_passages": second["counts"]["chunks"] - first["counts"]["chunks"],
        "add_ingest_s": second["timings"].get("ingest_s"), "first_ingest_s": first["timings"].get("ingest_s"),
    }


def bench_ocr(pages: int, seeds: Path, work: Path) -> dict[str, object]:
    """OCR speed on rendered seed pages (60 lines in two columns each), end to end through the image reader."""
    from PIL import ImageFont  # noqa: F401 - fail early without Pillow

    from rag.ingest.readers import read_document
    from rag.ingest.readers.ocr import _engine

    lines = [l.strip() for p in sorted(seeds.glob("*.txt")) for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]
    files = []
    for i in range(pages):
        path = work / f"page{i}.png"
        render_page(lines[i * 60 : (i + 1) * 60], columns=2).save(path)
        files.append(path)
    _engine()  # model load is not page time
    started = time.perf_counter()
    chars = sum(len(a.text) for path in files for a in read_document(path)[1])
    seconds = time.perf_counter() - started
    return {"pages": pages, "seconds": round(seconds, 1), "pages_per_minute": round(60 * pages / seconds, 2), "chars": chars}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["add", "ocr"])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_add(args.passages, Path(tmp), args.seeds) if args.what == "add" else bench_ocr(args.pages, args.seeds, Path(tmp))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
