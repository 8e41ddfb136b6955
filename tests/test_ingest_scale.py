"""Parsing stays linear in the size of a page file (issue 17, item 7): reading-order repair
compared every break with every later block, so a 2 MB file took minutes."""

from __future__ import annotations

import time

import pytest

import rag.ingest.assemble as assemble
from rag.ingest.page import REGION_BLOCKS, parse_page, regions
from tests.conftest import SEEDS


def _pages(copies: int) -> str:
    pages = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return "\n\n".join([pages] * copies)


def _comparisons(text: str, monkeypatch) -> int:
    """How many (break, continuation) pairs the reading-order repair scores for a file."""
    calls = [0]
    real = assemble.junction

    def counting(left: str, right: str) -> float:
        calls[0] += 1
        return real(left, right)

    monkeypatch.setattr(assemble, "junction", counting)
    parse_page(text, "big.txt")
    return calls[0]


def test_work_grows_linearly_with_the_file(monkeypatch):
    small, large = _comparisons(_pages(4), monkeypatch), _comparisons(_pages(12), monkeypatch)
    assert small > 0
    assert large / small < 3.6  # three times the text: about three times the work, not nine


def test_regions_only_split_files_bigger_than_a_page():
    from rag.ingest.layout import annotate, split_blocks

    for page in SEEDS.glob("*.txt"):
        blocks = split_blocks(page.read_text(encoding="utf-8"))
        assert len(blocks) < REGION_BLOCKS and len(regions(blocks)) == 1
    blocks = split_blocks(_pages(8))
    for block in blocks:
        annotate(block)
    parts = regions(blocks)
    assert len(parts) > 1 and all(len(p) <= REGION_BLOCKS for p in parts)
    assert [b for p in parts for b in p] == blocks  # nothing lost or reordered by the cut


@pytest.mark.slow
def test_a_1mb_page_file_parses_in_seconds():
    text = _pages(1_000_000 // len(_pages(1).encode("utf-8")) + 1)
    started = time.perf_counter()
    articles = parse_page(text, "big.txt")
    elapsed = time.perf_counter() - started
    assert len(articles) > 300
    assert elapsed < 15, f"{elapsed:.1f} s"  # was 21 s before regions, 2.5 s before jieba-rs; about 1 s now
    print(f"\n1 MB page file: {elapsed:.1f} s, {len(articles)} articles")


def test_jieba_rs_cuts_the_same_words_as_jieba():
    """Topic similarity cuts words with jieba-rs for speed; reading order was tuned on jieba's
    words, so the two must give the same counts (seed lines, and seed text mixed with ASCII)."""
    pytest.importorskip("rjieba")
    import random

    from rag.ingest.similarity import jieba_words, rjieba_words

    lines = [l for p in sorted(SEEDS.glob("*.txt")) for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]
    for line in lines:
        assert rjieba_words(line) == jieba_words(line), line
    rng, pool = random.Random(7), "".join(lines)
    extras = ["C++", "T恤", "GDP增长", "iPhone15", "ＡＢＣ１２３", "卡拉OK", "3.5%", "0635-8451234", "x86_64", "e.g.", "5G网络", "U盘", "1,000", "——", "①"]
    for _ in range(2000):
        text = "".join(rng.choice([pool[(i := rng.randrange(len(pool))) : i + rng.randrange(1, 12)], rng.choice(extras)]) for _ in range(rng.randrange(1, 8)))
        assert rjieba_words(text) == jieba_words(text), text
