"""Files shipped inside the package (the development question set)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def dev_questions_path() -> Path:
    """The bundled development question set (JSONL, format in README)."""
    return Path(str(resources.files("rag") / "data" / "dev_qa.jsonl"))
