"""Evaluation outputs: results JSONL, summary JSON and Markdown, a plot, comparisons and floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEADLINE = [
    ("hit_at_k", "hit@k"), ("mrr", "MRR"), ("accuracy", "accuracy"), ("char_f1", "char F1"),
    ("citation_precision", "citation precision"), ("citation_recall", "citation recall"),
    ("abstention_precision", "abstention precision"), ("abstention_recall", "abstention recall"),
    ("false_abstention_rate", "false abstention rate"), ("latency_p50_s", "latency p50 (s)"), ("latency_p95_s", "latency p95 (s)"),
]
LOWER_IS_BETTER = {"false_abstention_rate", "false_abstentions", "latency_p50_s", "latency_p95_s"}
LATENCY_NOISE_S = 0.05  # latency differences smaller than this are scheduling noise, not regressions
PLOTTED = ["hit_at_k", "accuracy", "citation_precision", "citation_recall", "abstention_recall"]


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def write_outputs(out_dir: Path, records: list[dict[str, Any]], summary: dict[str, Any]) -> dict[str, Path]:
    """results.jsonl, summary.json, metrics.png and summary.md in out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"results": out_dir / "results.jsonl", "summary": out_dir / "summary.json", "plot": out_dir / "metrics.png", "report": out_dir / "summary.md"}
    with paths["results"].open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    paths["summary"].write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    plot_by_type(summary, paths["plot"])
    from rag.evaluate.tradeoff import plot_tradeoff, tradeoff

    curves = tradeoff(records)
    if curves is not None:
        summary["tradeoff"] = curves
        paths["summary"].write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        plot_tradeoff(curves, out_dir / "tradeoff.png")
    paths["report"].write_text(markdown(summary, records, paths["plot"].name), encoding="utf-8")
    return paths


def plot_by_type(summary: dict[str, Any], path: Path) -> None:
    """Grouped bars: the headline metrics for each question type."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    types = list(summary["by_type"])
    width = 0.8 / len(PLOTTED)
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(types)), 4.2), dpi=120)
    for i, key in enumerate(PLOTTED):
        values = [summary["by_type"][t].get(key) for t in types]
        xs = np.arange(len(types)) + i * width
        ax.bar(xs, [v if v is not None else 0 for v in values], width, label=key.replace("_", " "))
    ax.set_xticks(np.arange(len(types)) + 0.4 - width / 2)
    ax.set_xticklabels([f"{t}\n(n={summary['by_type'][t]['questions']})" for t in types])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("Cited-answer metrics by question type")
    ax.legend(fontsize=7, ncol=len(PLOTTED), loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _table(groups: dict[str, dict[str, Any]]) -> list[str]:
    keys = [k for k, _ in HEADLINE]
    lines = ["| group | n | " + " | ".join(label for _, label in HEADLINE) + " |", "|---|---|" + "---|" * len(keys)]
    for name, figures in groups.items():
        lines.append(f"| {name} | {figures['questions']} | " + " | ".join(_fmt(figures.get(k)) for k in keys) + " |")
    return lines


def markdown(summary: dict[str, Any], records: list[dict[str, Any]], plot_name: str) -> str:
    """A readable report with the overall figures, breakdowns, the plot and every miss."""
    lines = ["# Evaluation report", "", f"Generated {summary['created']} · k={summary['k']} · answerer(s): {', '.join(summary['generators'])}", ""]
    lines += ["## Overall", ""] + _table({"all": summary["overall"], "zh answerable": summary["zh_answerable"]})
    lines += ["", "## By question type", ""] + _table(summary["by_type"])
    lines += ["", "## By language", ""] + _table(summary["by_lang"])
    lines += ["", f"![metrics by question type]({plot_name})"]
    if summary.get("tradeoff"):
        lines += ["", "## Abstention trade-off", "", "Each point is a confidence threshold: the share of answerable questions abstained on (x) against the share of unanswerable ones (y).", "", "![abstention trade-off](tradeoff.png)"]
    lines += ["", "## Questions not answered correctly", ""]
    misses = [r for r in records if r["metrics"]["correct"] is False or r["metrics"]["abstention_correct"] is False]
    if not misses:
        lines.append("None.")
    for record in misses:
        first_line = record["answer"].splitlines()[0] if record["answer"] else ""
        lines.append(f"- **{record['id']}** ({record['type']}, {record['lang']}) {record['question']} → {first_line[:120]}")
    return "\n".join(lines) + "\n"


def compare(old: dict[str, Any], new: dict[str, Any], tolerance: float = 0.005) -> tuple[str, list[str]]:
    """A table of old vs new overall figures; the names of those that got worse."""
    regressions = []
    rows = ["metric                     old      new     change"]
    for key, label in HEADLINE + [("false_abstentions", "false abstentions")]:
        before, after = old.get("overall", {}).get(key), new.get("overall", {}).get(key)
        if before is None or after is None:
            rows.append(f"{label:24s} {_fmt(before):>8s} {_fmt(after):>8s}")
            continue
        delta = after - before
        worse = delta > tolerance if key in LOWER_IS_BETTER else delta < -tolerance
        if key.startswith("latency") and worse:
            worse = after > before * 1.2 and delta > LATENCY_NOISE_S  # noisy: 20 % and 50 ms slower counts
        mark = "  ▼ REGRESSION" if worse else ""
        if worse:
            regressions.append(label)
        rows.append(f"{label:24s} {_fmt(before):>8s} {_fmt(after):>8s} {delta:+8.3f}{mark}")
    return "\n".join(rows), regressions


def check_floors(summary: dict[str, Any], floors: dict[str, dict[str, float]]) -> list[str]:
    """Figures below their floor (or above their ceiling): the regression gate."""
    failures = []
    for scope, limits in floors.items():
        if scope.startswith("_"):
            continue
        figures = summary.get(scope) or summary.get("by_type", {}).get(scope) or summary.get("by_lang", {}).get(scope) or {}
        for key, limit in limits.items():
            value = figures.get(key)
            if value is None:
                failures.append(f"{scope}.{key}: missing")
            elif key in LOWER_IS_BETTER and value > limit:
                failures.append(f"{scope}.{key} = {value:.3f} > ceiling {limit}")
            elif key not in LOWER_IS_BETTER and value < limit:
                failures.append(f"{scope}.{key} = {value:.3f} < floor {limit}")
    return failures


def _num(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def headline(summary: dict[str, Any], k: int) -> str:
    """The few lines a person reads first: retrieval, answers, citations, abstention, latency
    (and, for a pooled SQuAD collection, abstention on each kind of negative)."""
    overall, zh = summary["overall"], summary["zh_answerable"]
    lines = [
        f"{overall['questions']} questions · answerer {', '.join(summary['generators'])}",
        f"  retrieval  hit@{k} {_num(overall['hit_at_k'])}  MRR {_num(overall['mrr'])}  (zh answerable hit@{k} {_num(zh['hit_at_k'])})",
        f"  answers    accuracy {_num(overall['accuracy'])}  char F1 {_num(overall['char_f1'])}  (zh answerable accuracy {_num(zh['accuracy'])})",
        f"  citations  precision {_num(overall['citation_precision'])}  recall {_num(overall['citation_recall'])}",
        f"  abstention precision {_num(overall['abstention_precision'])}  recall {_num(overall['abstention_recall'])}  false abstentions {overall['false_abstentions']}"
        f" ({_num(overall['false_abstention_rate'])})",
        f"  latency    p50 {overall['latency_p50_s']:.3f} s  p95 {overall['latency_p95_s']:.3f} s",
    ]
    negatives = {name: row for name, row in summary["by_type"].items() if name in ("left_out", "hard_negative", "impossible", "swapped")}
    if negatives:
        lines.append("  negatives  " + "  ".join(f"{name} abstained {_num(row['abstention_recall'])} (n={row['questions']})" for name, row in negatives.items()))
    return "\n".join(lines)
