"""Run a question set through rag.ask() and score every answer."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from rag.lang import is_latin_text
from rag.config import Settings
from rag.evaluate.metrics import breakdown, score_question, summarize

REQUIRED = ("question",)


class QuestionSetError(ValueError):
    """The question file can't be used (message names the file and line)."""


def load_questions(path: Path) -> list[dict[str, Any]]:
    """Questions in the dev-set format (JSONL: id, question, answers, evidence, sources, type, lang)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionSetError(f"cannot read question file {path}: {exc}") from exc
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or any(not isinstance(row.get(f), str) or not row.get(f) for f in REQUIRED):
            raise QuestionSetError(f"{path}:{number}: each line needs a non-empty 'question' string")
        row.setdefault("id", f"q{number}")
        row.setdefault("answers", [])
        row.setdefault("evidence", [])
        row.setdefault("type", "unanswerable" if not row["answers"] else "unknown")
        row.setdefault("lang", "en" if is_latin_text(row["question"]) else "zh")
        rows.append(row)
    if not rows:
        raise QuestionSetError(f"{path} holds no questions")
    return rows


def _answer_record(answer: Any) -> dict[str, Any]:
    return {
        "text": answer.text,
        "abstained": answer.abstained,
        "generator": answer.generator,
        "citations": [c.to_dict() for c in answer.citations],
        "passages": [p.to_dict() for p in answer.passages],
        "unsupported": list(answer.unsupported),
        "notes": list(answer.notes),
        "confidence": getattr(answer, "confidence", None),
    }


def run_eval(rows: list[dict[str, Any]], settings: Settings, progress: bool = True, extra_breakdowns: tuple[str, ...] = ()) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(per-question records, summary) for a list of questions; `extra_breakdowns` names more
    row fields to summarise by (besides type and language)."""
    from rag.pipeline import ask, engine_for

    # The whole index, vectors included, before the first question: figures from one build,
    # not some questions on BM25 while vectors are computed in the background.
    engine_for(settings).snapshot(progress=progress, background=False)
    records = []
    if rows:  # one untimed question first: loading dictionaries and models is not per-question latency
        ask(rows[0]["question"], settings=settings)
    for row in tqdm(rows, desc="evaluating", unit="q", disable=not progress):
        started = time.perf_counter()
        answer = _answer_record(ask(row["question"], settings=settings))
        latency = time.perf_counter() - started
        records.append({
            "id": row["id"],
            "question": row["question"],
            "type": row["type"],
            "lang": row["lang"],
            **{key: row.get(key, "?") for key in extra_breakdowns},
            "confidence": answer["confidence"],
            "gold_answers": row["answers"],
            "evidence": row["evidence"],
            "answer": answer["text"],
            "abstained": answer["abstained"],
            "generator": answer["generator"],
            "citations": answer["citations"],
            "passages": answer["passages"],
            "unsupported": answer["unsupported"],
            "latency_s": round(latency, 4),
            "metrics": score_question(row, answer, settings.k),
        })
    generators = sorted({r["generator"] for r in records})
    summary = {
        "overall": summarize(records),
        "by_type": breakdown(records, "type"),
        "by_lang": breakdown(records, "lang"),
        **{f"by_{key}": breakdown([r for r in records if r["metrics"]["answerable"]], key) for key in extra_breakdowns},
        "zh_answerable": summarize([r for r in records if r["lang"] == "zh" and r["gold_answers"]]),
        "generators": generators,
        "k": settings.k,
        "settings": {"embed_model": settings.embed_model, "generator": settings.generator, "fusion": settings.fusion, "chunk_chars": settings.chunk_chars},
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    return records, summary
