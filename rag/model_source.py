"""Where a configured model can come from: a local folder, the Hugging Face cache, or the hub.

Asking sentence-transformers or transformers for a hub model on a machine that cannot reach
the hub takes over a minute of retries before failing. This check answers in milliseconds,
so the system can fall back to its offline path at once and say why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HUB_PROBE_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class ModelSource:
    """How to load a model: `local_files_only` when it is already on disk; `error` when it can't be."""

    name: str
    available: bool
    local_files_only: bool
    error: str = ""


def how_to_provide(name: str) -> str:
    """A hint for the user on making a model available offline."""
    return (
        f"download it on a connected machine (`huggingface-cli download {name}`) and copy the "
        "Hugging Face cache, or point the setting at a local folder"
    )


def _in_hf_cache(name: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - huggingface_hub comes with transformers
        return False
    for filename in ("config.json", "modules.json"):
        found = try_to_load_from_cache(name, filename)
        if isinstance(found, str) and os.path.exists(found):
            return True
    return False


@lru_cache(maxsize=8)
def _hub_reachable() -> tuple[bool, str]:
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return False, "HF_HUB_OFFLINE is set"
    import httpx

    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    try:
        httpx.head(endpoint, timeout=HUB_PROBE_TIMEOUT_S)
    except httpx.HTTPError as exc:
        return False, f"the model hub ({endpoint}) is unreachable: {type(exc).__name__}"
    return True, ""


def resolve_model(name: str) -> ModelSource:
    """Whether `name` (hub id or local path) can be loaded here, and how."""
    if not name:
        return ModelSource(name, False, True, "no model configured")
    path = Path(name).expanduser()
    if path.exists():
        if path.is_dir() and ((path / "config.json").exists() or (path / "modules.json").exists()):
            return ModelSource(str(path), True, True)
        return ModelSource(name, False, True, f"{path} exists but holds no model (no config.json)")
    if name.startswith((".", "/", "~")):
        return ModelSource(name, False, True, f"model folder {name} not found")
    if _in_hf_cache(name):
        return ModelSource(name, True, True)
    reachable, why = _hub_reachable()
    if reachable:
        return ModelSource(name, True, False)
    return ModelSource(name, False, True, f"{name} is not in the local cache and {why}")


class ModelUnavailable(RuntimeError):
    """A configured model can't be loaded here (the message says which and how to fix it)."""


def require_model(name: str, what: str, error: type[ModelUnavailable] = ModelUnavailable) -> ModelSource:
    """The source of a model that must load; raises `error` naming it, the reason, and how
    to provide it, when it can't."""
    source = resolve_model(name)
    if not source.available:
        raise error(f"{what} {name} unavailable: {source.error}; {how_to_provide(name)}")
    return source
