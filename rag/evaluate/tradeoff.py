"""The abstention trade-off: for every threshold on the answerer's confidence, the share of
answerable questions it would abstain on against the share of each kind of unanswerable
question it would abstain on. Computed from an evaluation's records, plotted for the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

GRID = np.round(np.linspace(0.0, 1.0, 41), 3)


def tradeoff(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Curves keyed by negative kind (question type), or None without confidences or negatives."""
    scored = [r for r in records if r.get("confidence") is not None and r.get("generator") != "none"]
    answerable = np.array([r["confidence"] for r in scored if r["gold_answers"]])
    kinds = sorted({r["type"] for r in scored if not r["gold_answers"]})
    if not answerable.size or not kinds:
        return None
    curves = {"threshold": GRID.tolist(), "false_abstention": [float((answerable < t).mean()) for t in GRID]}
    for kind in kinds:
        values = np.array([r["confidence"] for r in scored if not r["gold_answers"] and r["type"] == kind])
        curves[f"abstained:{kind}"] = [float((values < t).mean()) for t in GRID]
    return curves


def plot_tradeoff(curves: dict[str, Any], path: Path) -> None:
    """False abstentions (x) against negatives abstained (y), one line per negative kind."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 4.2), dpi=120)
    for key, values in curves.items():
        if key.startswith("abstained:"):
            ax.plot(curves["false_abstention"], values, marker=".", label=key.split(":", 1)[1])
    ax.axvline(0.05, color="grey", linestyle=":", label="5 % false abstentions")
    ax.set_xlabel("answerable questions abstained (false abstentions)")
    ax.set_ylabel("unanswerable questions abstained")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title("Abstention trade-off over the confidence threshold")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
