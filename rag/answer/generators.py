"""LLM answerers that stream text: a local model through transformers, or any
OpenAI-compatible chat-completions server (Ollama, vLLM, llama.cpp server)."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any, Iterator, Protocol

from rag.model_source import ModelUnavailable, require_model

log = logging.getLogger(__name__)


class GeneratorUnavailable(ModelUnavailable):
    """The answerer can't run here (model missing, server down, malformed reply)."""


class Generator(Protocol):
    """Streams the answer text for chat messages."""

    name: str

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]: ...


_MODELS: dict[str, tuple[Any, Any, threading.Lock]] = {}  # tokenizer, model, generation lock
_MODELS_LOCK = threading.Lock()


class TransformersGenerator:
    """A local instruct model with a chat template, greedy decoding, streamed token by token.

    Default Qwen/Qwen2.5-1.5B-Instruct: Apache-2.0, strong Chinese and English, 1.5B
    parameters (~3 GB in float32) run on a laptop CPU at a few tokens per second.
    """

    def __init__(self, model_name: str, max_new_tokens: int = 256) -> None:
        self.model_name = model_name
        self.max_new_tokens = max_new_tokens
        self.name = f"transformers:{model_name}"

    def _load(self) -> tuple[Any, Any, threading.Lock]:
        with _MODELS_LOCK:
            if self.model_name not in _MODELS:
                source = require_model(self.model_name, "local LLM", GeneratorUnavailable)
                try:
                    from transformers import AutoModelForCausalLM, AutoTokenizer

                    tokenizer = AutoTokenizer.from_pretrained(source.name, local_files_only=source.local_files_only)
                    model = AutoModelForCausalLM.from_pretrained(source.name, local_files_only=source.local_files_only)
                    model.eval()
                except Exception as exc:  # noqa: BLE001 - a corrupt or foreign folder: say so, fall back
                    raise GeneratorUnavailable(f"local LLM {self.model_name} failed to load: {exc}") from exc
                if getattr(tokenizer, "chat_template", None) is None:
                    raise GeneratorUnavailable(f"local LLM {self.model_name} has no chat template")
                _MODELS[self.model_name] = (tokenizer, model, threading.Lock())
                log.info("loaded local LLM %s", self.model_name)
            return _MODELS[self.model_name]

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        from transformers import TextIteratorStreamer

        tokenizer, model, lock = self._load()
        inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)  # type: ignore[attr-defined]
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=120)
        kwargs = dict(**inputs, streamer=streamer, max_new_tokens=self.max_new_tokens, do_sample=False)
        errors: list[BaseException] = []

        def run() -> None:
            try:
                model.generate(**kwargs)  # type: ignore[attr-defined]
            except BaseException as exc:  # noqa: BLE001 - reported to the caller below
                errors.append(exc)
                streamer.end()

        with lock:  # one generation per model at a time: memory stays bounded
            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            for piece in streamer:
                if piece:
                    yield piece
            thread.join()
        if errors:
            raise GeneratorUnavailable(f"local LLM {self.model_name} failed while generating: {errors[0]}")


class OpenAIGenerator:
    """Any server speaking the OpenAI chat-completions protocol, streamed (server-sent events)."""

    def __init__(self, base_url: str, model: str, timeout: float = 30.0, max_tokens: int = 256, api_key: str | None = None) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout = timeout
        self.max_tokens = max_tokens
        self.api_key = api_key
        self.name = f"openai:{model}"

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        import httpx

        payload = {"model": self.model, "messages": messages, "stream": True, "temperature": 0, "max_tokens": self.max_tokens}
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        deadline = time.monotonic() + 4 * self.timeout  # a slow trickle still ends
        timeout = httpx.Timeout(self.timeout, connect=min(5.0, self.timeout))
        try:
            with httpx.Client(timeout=timeout) as client, client.stream("POST", self.url, json=payload, headers=headers) as response:
                if response.status_code != 200:
                    body = response.read().decode("utf-8", "replace")[:200]
                    raise GeneratorUnavailable(f"server {self.url} answered HTTP {response.status_code}: {body}")
                for line in response.iter_lines():
                    if time.monotonic() > deadline:
                        raise GeneratorUnavailable(f"server {self.url} took longer than {4 * self.timeout:.0f} s")
                    piece = _sse_delta(line)
                    if piece is None:
                        break
                    if piece:
                        yield piece
        except httpx.TimeoutException as exc:
            raise GeneratorUnavailable(f"server {self.url} timed out after {self.timeout:.0f} s") from exc
        except httpx.HTTPError as exc:
            raise GeneratorUnavailable(f"server {self.url} unreachable: {type(exc).__name__}: {exc}") from exc


def _sse_delta(line: str) -> str | None:
    """Text of one server-sent event line; None at [DONE]; '' for lines without text."""
    line = line.strip()
    if not line.startswith("data:"):
        return ""
    data = line[5:].strip()
    if data == "[DONE]":
        return None
    try:
        event = json.loads(data)
        choice = event["choices"][0]
        return (choice.get("delta") or {}).get("content") or ""
    except (json.JSONDecodeError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise GeneratorUnavailable(f"malformed streaming reply: {data[:120]!r}") from exc
