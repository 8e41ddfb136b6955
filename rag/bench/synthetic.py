"""A synthetic news archive grown from the seed articles, for scale benchmarks.

New articles are recombined from the clauses of real sentences, with numbers redrawn and
some words swapped for words drawn from jieba's dictionary by frequency, so BM25 and FAISS
see text-like statistics (Zipfian characters and bigrams, realistic lengths and
punctuation) and a vocabulary that keeps growing with the archive, as real news does.
Everything is seeded: the same size gives the same archive.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from tqdm import tqdm

from rag.lang import HAN, split_sentences

ARTICLES_PER_FILE = 8
_CLAUSE_RE = re.compile(r"[^，；。！？]+[，；]?")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def _source_material(seeds_dir: Path) -> tuple[list[str], list[str]]:
    """Clauses and titles of the real articles."""
    from rag.ingest import load_articles

    clauses: list[str] = []
    titles: list[str] = []
    for article in load_articles(seeds_dir):
        if not article.title_inferred:
            titles.append(article.title)
        for sentence in split_sentences(article.text):
            clauses.extend(c for c in _CLAUSE_RE.findall(sentence.rstrip("。！？”")) if len(c) >= 4)
    return clauses, titles


def _dictionary_words(rng: random.Random, count: int) -> list[str]:
    """Words of jieba's dictionary sampled by frequency^0.75 (a Zipf-like draw)."""
    import jieba

    jieba.initialize()
    words = [w for w, f in jieba.dt.FREQ.items() if f > 0 and 2 <= len(w) <= 4 and re.fullmatch(HAN + "+", w)]
    weights = [jieba.dt.FREQ[w] ** 0.75 for w in words]
    return rng.choices(words, weights=weights, k=count)


class ArchiveWriter:
    """Writes synthetic pages (one file per ARTICLES_PER_FILE articles) into a folder."""

    def __init__(self, seeds_dir: Path, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.clauses, self.titles = _source_material(seeds_dir)
        self.words = _dictionary_words(self.rng, 200_000)
        self._word_at = 0

    def _word(self) -> str:
        self._word_at = (self._word_at + 1) % len(self.words)
        return self.words[self._word_at]

    def _clause(self) -> str:
        """A real clause with its numbers redrawn and a few words swapped for dictionary words,
        so that an archive of a million passages doesn't repeat one clause thousands of times."""
        clause = self.rng.choice(self.clauses)
        clause = _NUMBER_RE.sub(lambda m: str(self.rng.randint(1, 10 ** min(len(m.group()), 5))), clause)
        for _ in range(1 + len(clause) // 8):
            at = self.rng.randrange(max(len(clause) - 2, 1))
            clause = clause[:at] + self._word() + clause[at + 2 :]
        return clause.rstrip("，；")

    def sentence(self) -> str:
        parts = [self._clause() for _ in range(self.rng.randint(2, 4))]
        return "，".join(parts) + "。"

    def article(self) -> str:
        title = self.rng.choice(self.titles)[:12] + self._word() + self._word()
        paragraphs = ["".join(self.sentence() for _ in range(self.rng.randint(2, 4))) for _ in range(self.rng.randint(2, 5))]
        return f"{title}\n\n新华社北京{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日电 " + "\n".join(paragraphs)

    def write(self, folder: Path, articles: int, progress: bool = True) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        files = (articles + ARTICLES_PER_FILE - 1) // ARTICLES_PER_FILE
        for i in tqdm(range(files), desc="writing synthetic pages", unit="file", disable=not progress):
            count = min(ARTICLES_PER_FILE, articles - i * ARTICLES_PER_FILE)
            page = "\n\n\n".join(self.article() for _ in range(count))
            (folder / f"syn_{i:07d}.txt").write_text(page + "\n", encoding="utf-8")
        return folder
