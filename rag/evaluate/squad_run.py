"""`rag eval --squad FILE`: build a temporary pooled collection from a SQuAD-format dataset,
ask every question through the real pipeline, and score it (see rag.evaluate.squad)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.evaluate.runner import run_eval
from rag.evaluate.squad import Collection, build_collection, load_documents


def squad_collection(path: Path, part: str, n_articles: int, n_left_out: int, n_hard: int, seed: int, n_swapped: int = 0) -> Collection:
    """The pooled collection and its questions for one part of a SQuAD-format dataset."""
    return build_collection(load_documents(path), part, n_articles, n_left_out, n_hard, seed, n_swapped=n_swapped)


def with_question_kinds(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row labelled with the kind of value its question asks for (person, number…)."""
    from rag.answer.question import question_kind
    from rag.lang import is_english

    for row in rows:
        kind, _ = question_kind(row["question"], "en" if is_english(row["question"]) else "zh")
        row["kind"] = kind.value
    return rows


def run_squad_eval(collection: Collection, settings: Settings, progress: bool = True) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Index the collection in a temporary folder (never the user's index) and evaluate it."""
    from rag.pipeline import index_articles

    with tempfile.TemporaryDirectory(prefix="rag-squad-") as tmp:
        run_settings = settings.with_overrides(index_dir=Path(tmp) / "vectorstore", seeds_dir=Path(tmp) / "articles")
        (Path(tmp) / "articles").mkdir()
        index_articles(collection.articles, run_settings, progress=progress)
        records, summary = run_eval(with_question_kinds(collection.rows), run_settings, progress=progress, extra_breakdowns=("kind",))
    summary["collection"] = {"part": collection.part, "seed": collection.seed, "articles": len(collection.articles), "questions": len(collection.rows)}
    return records, summary
