"""Ingestion benchmarks: adding one document to a big collection (what is read and embedded
again), OCR speed in pages per minute, and reading one big page file.

    python -m rag.bench.ingest add --passages 10000
    python -m rag.bench.ingest ocr --pages 3
    python -m rag.bench.ingest big --mb 1,2,10,50
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from rag.config import Settings
from rag.lang import is_cjk


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


def big_page_text(seeds: Path, megabytes: float, vary: float = 0.0) -> str:
    """The seed pages repeated (blank line between pages) until the text is `megabytes` MB of
    UTF-8. With `vary`, that share of the Chinese characters of every copy after the first is
    swapped for other characters of the pages (seeded), so that no cache of words or word
    edges sees the same text again; punctuation and line breaks, hence the layout, stay."""
    pages = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
    copies = -(-int(megabytes * 1_000_000) // len(pages.encode("utf-8")))
    if not vary:
        return "\n\n".join([pages] * copies)
    rng = random.Random(17)
    han = sorted({ch for ch in pages if is_cjk(ch)})
    out = [pages]
    for _ in range(copies - 1):
        out.append("".join(rng.choice(han) if is_cjk(ch) and rng.random() < vary else ch for ch in pages))
    return "\n\n".join(out)


def _read_big(path: Path) -> dict[str, object]:
    """Read one file through the document reader in this (fresh) process: wall, CPU, peak RSS."""
    from rag.ingest.readers import read_document

    wall, cpu = time.perf_counter(), time.process_time()
    _, articles, _ = read_document(path)
    return {
        "wall_s": round(time.perf_counter() - wall, 1), "cpu_s": round(time.process_time() - cpu, 1), "articles": len(articles),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def bench_big(sizes: list[float], seeds: Path, work: Path, vary: float = 0.0) -> list[dict[str, object]]:
    """One page file per size, each read in a fresh process (so peak memory is that file's and
    jieba's dictionary load, ~0.5 s, is counted as part of ingesting it)."""
    rows = []
    for mb in sizes:
        path = work / f"big-{mb:g}mb.txt"
        path.write_text(big_page_text(seeds, mb, vary), encoding="utf-8")
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            row = pool.apply(_read_big, (path,))
        rows.append({"mb": mb, "vary": vary, "bytes": path.stat().st_size, **row})
        print(json.dumps(rows[-1]), flush=True)
        path.unlink()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["add", "ocr", "big"])
    parser.add_argument("--mb", default="1,2,10", help="big: comma-separated file sizes in MB")
    parser.add_argument("--vary", type=float, default=0.0, help="big: share of Chinese characters swapped in each repeated page copy")
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.what == "big":
            bench_big([float(s) for s in args.mb.split(",") if s.strip()], args.seeds, Path(tmp), args.vary)
            return
        result = bench_add(args.passages, Path(tmp), args.seeds) if args.what == "add" else bench_ocr(args.pages, args.seeds, Path(tmp))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
