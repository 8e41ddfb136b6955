"""What to tell the user about the vectors: which embedder built them and why, or why
retrieval runs on BM25 alone (Answer.notes, the CLI, the UI banner)."""

from __future__ import annotations

from typing import Any


def vector_notes(manifest: dict[str, Any], job_note: str = "") -> list[str]:
    """Notes for a build's manifest; `job_note` says what a background vector job is doing.

    Notes starting with "offline path" describe a fallback (the UI shows them in its banner)."""
    info = manifest.get("embedder") or {}
    if manifest.get("dense"):
        label = info.get("label") or info.get("model")
        passed = [f"{t['model']} {'failed' if t.get('status') == 'failed' else 'unavailable'}: {t['reason']}" for t in info.get("tried", [])]
        if info.get("role") == "fallback" or passed:
            return [f"offline path: vectors by {label}, because " + "; ".join(passed)]
        return [f"vectors by {label}"]
    if job_note:
        return [f"offline path: {job_note}"]
    return [f"offline path: BM25 retrieval only ({info.get('error') or 'the index has no vectors'})"]
