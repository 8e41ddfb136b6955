"""Metrics for cited answers, per question and aggregated.

Matching follows the question-set README: both sides NFKC-normalised, lower-cased, with all
whitespace and punctuation removed, then a substring test.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

import numpy as np

from rag.lang import contains_normalized, normalize_for_match

_MARKER = re.compile(r"\[\d+\]")


def answer_body(text: str) -> str:
    """Answer text without its [n] markers."""
    return _MARKER.sub("", text)


def has_evidence(text: str, evidence: list[str]) -> bool:
    """A passage supports the answer when any evidence string occurs in it."""
    return any(contains_normalized(text, e) for e in evidence)


def retrieval_rank(passages: list[str], evidence: list[str]) -> int | None:
    """1-based rank of the first passage holding evidence, or None."""
    for rank, text in enumerate(passages, start=1):
        if has_evidence(text, evidence):
            return rank
    return None


def is_correct(answer: str, golds: list[str], abstained: bool) -> bool:
    """A gold answer string occurs in the (non-abstained) answer."""
    return not abstained and any(contains_normalized(answer_body(answer), g) for g in golds)


def short_answer(text: str) -> str:
    """The headline of an answer: its first line, markers removed (the quote lines follow it)."""
    return answer_body(text.strip().split("\n", 1)[0])


def char_f1(answer: str, golds: list[str]) -> float:
    """Best character-level F1 of the answer's first line against the gold answers (the usual
    measure for Chinese; the first line is the short answer, later lines quote the source)."""
    pred = Counter(normalize_for_match(short_answer(answer)))
    best = 0.0
    for gold in golds:
        ref = Counter(normalize_for_match(gold))
        overlap = sum((pred & ref).values())
        if overlap == 0:
            continue
        precision = overlap / sum(pred.values())
        recall = overlap / sum(ref.values())
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def citation_supported(passage_text: str, quote: str, evidence: list[str], golds: list[str]) -> bool:
    """After ALCE: a citation is right when its passage holds evidence or its quote states an answer."""
    return has_evidence(passage_text, evidence) or any(contains_normalized(quote, g) for g in golds)


def score_question(row: dict[str, Any], answer: dict[str, Any], k: int) -> dict[str, Any]:
    """Every metric's outcome for one question (None where a metric doesn't apply)."""
    golds, evidence = row.get("answers", []), row.get("evidence", [])
    answerable = bool(golds)
    abstained = bool(answer["abstained"])
    citations = answer.get("citations", [])
    supported = [citation_supported(c["passage"]["text"], c["quote"], evidence, golds) for c in citations]
    rank = retrieval_rank([p["text"] for p in answer.get("passages", [])][:k], evidence) if answerable else None
    return {
        "answerable": answerable,
        "hit_at_k": (rank is not None) if answerable else None,
        "reciprocal_rank": (1.0 / rank if rank else 0.0) if answerable else None,
        "correct": is_correct(answer["text"], golds, abstained) if answerable else None,
        "char_f1": (0.0 if abstained else char_f1(answer["text"], golds)) if answerable else None,
        "citation_precision": (sum(supported) / len(supported)) if supported else None,
        "citation_recall": (not abstained and any(supported)) if answerable else None,
        "abstained": abstained,
        "abstention_correct": abstained if not answerable else None,
        "false_abstention": abstained if answerable else None,
    }


def _mean(values: Iterable[Any]) -> float | None:
    kept = [float(v) for v in values if v is not None]
    return float(np.mean(kept)) if kept else None


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate figures for a list of scored records (each with 'metrics' and 'latency_s')."""
    metrics = [r["metrics"] for r in records]
    abstentions = [m for m in metrics if m["abstained"]]
    unanswerable = [m for m in metrics if not m["answerable"]]
    latencies = [r["latency_s"] for r in records if r.get("latency_s") is not None]
    return {
        "questions": len(records),
        "answerable": sum(1 for m in metrics if m["answerable"]),
        "hit_at_k": _mean(m["hit_at_k"] for m in metrics),
        "mrr": _mean(m["reciprocal_rank"] for m in metrics),
        "accuracy": _mean(m["correct"] for m in metrics),
        "char_f1": _mean(m["char_f1"] for m in metrics),
        "citation_precision": _mean(m["citation_precision"] for m in metrics),
        "citation_recall": _mean(m["citation_recall"] for m in metrics),
        "abstention_precision": (sum(1 for m in abstentions if not m["answerable"]) / len(abstentions)) if abstentions else None,
        "abstention_recall": (sum(1 for m in unanswerable if m["abstained"]) / len(unanswerable)) if unanswerable else None,
        "false_abstention_rate": _mean(m["false_abstention"] for m in metrics),
        "false_abstentions": sum(1 for m in metrics if m["false_abstention"]),
        "latency_p50_s": float(np.percentile(latencies, 50)) if latencies else None,
        "latency_p95_s": float(np.percentile(latencies, 95)) if latencies else None,
    }


def breakdown(records: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """summarize() per value of a question field (type, lang)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(str(record.get(key, "?")), []).append(record)
    return {name: summarize(rows) for name, rows in sorted(groups.items())}
