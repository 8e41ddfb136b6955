"""Passages in, a checked and cited Answer out (or an abstention), streamed.

Knows nothing of the index: the pipeline hands it the retrieved passages and the
statistics it needs (an IDF function for weighing question terms)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from rag.answer.citations import check_citations, drop_segments
from rag.answer.evidence import Similarity
from rag.answer.model import load_model
from rag.answer.extractive import NAME as EXTRACTIVE, abstention_text, extract_answer
from rag.answer.followup import turns_of
from rag.answer.generators import Generator, GeneratorUnavailable, OpenAIGenerator, TransformersGenerator
from rag.answer.prompt import build_messages, repeats_instructions, says_no_answer
from rag.answer.question import Kind, Question, analyze, question_kind
from rag.config import Settings
from rag.model_source import resolve_model
from rag.schema import Answer, Passage
from rag.lang import is_english, remove_ocr_spaces

log = logging.getLogger(__name__)

# Terminal escape sequences pasted with a question ("\x1b[31m") are formatting, not words.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# Instructions aimed at the answerer ("ignore previous instructions…") are not part of what
# is asked: they are dropped from the question (and never reach a model as instructions).
_INJECTION = re.compile(
    r"(ignore|disregard|forget)\b.{0,30}\b(instructions?|rules|prompt)|system prompt|you are now|"
    r"(忽略|无视|忘记|不要理会).{0,10}(指令|指示|要求|规则|提示)|系统提示|提示词",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?。！？]+[.!?。！？]*")
# Markup pasted into a question is not part of what is asked (it is shown escaped, never run).
_TAG = re.compile(r"<\s*(script|style)\b.*?</\s*\1\s*>|<[^<>]{1,200}>", re.I | re.S)
STREAM_PIECE_CHARS = 12  # extractive answers are streamed in small pieces, like model output


class ObeyedInstruction(Exception):
    """A model's answer says what an instruction printed in an article told it to say."""


@dataclass
class StreamEvent:
    """A piece of answer text as it is produced, or the final checked Answer."""

    delta: str = ""
    answer: Answer | None = None


def clean_question(question: Any, max_chars: int) -> tuple[str, str | None]:
    """(cleaned question, reason to refuse it or None)."""
    text = question if isinstance(question, str) else ("" if question is None else str(question))
    text = _CONTROL.sub(" ", _ANSI.sub("", unicodedata.normalize("NFC", text)))
    text = _TAG.sub(" ", text)
    kept = [part for part in _SENTENCE.findall(text) if not _INJECTION.search(part)]
    if kept and len(kept) < len(_SENTENCE.findall(text)):
        text = "".join(kept)
    text = remove_ocr_spaces(" ".join(text.split()))  # a space between Chinese characters means nothing
    english = is_english(text) if text else False
    if not text:
        return text, "Please type a question." if english else "请输入问题。"
    if not any(ch.isalnum() for ch in text):
        return text, "The question has no words to search for." if english else "问题中没有可以检索的文字。"
    if len(text) > max_chars:
        if english:
            return text, f"The question is too long ({len(text)} characters); please keep it under {max_chars}."
        return text, f"问题太长（{len(text)} 字），请缩短到 {max_chars} 字以内。"
    return text, None


def choose_generator(settings: Settings, notes: list[str]) -> Generator | None:
    """The LLM answerer to use, or None for extractive; notes say why a model isn't used."""
    wanted = settings.generator
    if wanted == EXTRACTIVE:
        return None
    if wanted in ("openai", "auto") and settings.openai_base_url:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return OpenAIGenerator(settings.openai_base_url, settings.openai_model, settings.openai_timeout, settings.llm_max_new_tokens, key)
    if wanted == "openai":
        notes.append("OpenAI-compatible answerer requested but RAG_OPENAI_BASE_URL is not set: answering extractively")
        return None
    source = resolve_model(settings.llm_model)
    if source.available and (source.local_files_only or wanted == "transformers"):
        return TransformersGenerator(settings.llm_model, settings.llm_max_new_tokens)
    if source.available:  # "auto" never starts a multi-GB download behind a user's question
        notes.append(
            f"extractive answers: local LLM {settings.llm_model} is not downloaded yet "
            f"(`huggingface-cli download {settings.llm_model}`, or choose the transformers answerer to fetch it)"
        )
        return None
    notes.append(f"offline path: extractive answers (local LLM {settings.llm_model} unavailable: {source.error})")
    return None


def _analyze(question: str, standalone: str, idf: Any) -> Question:
    analysed = analyze(standalone, idf)
    kind, _ = question_kind(question, "en" if is_english(question) else "zh")
    if standalone != question and kind != Kind.OTHER and kind != analysed.kind:
        analysed.kind = kind  # the follow-up's own question word decides what is asked
    return analysed


def answer_stream(question: str, standalone: str, passages: list[Passage], idf: Callable[[str], float], settings: Settings, history: Any = None, notes: list[str] | None = None, similarity: Similarity | None = None) -> Iterator[StreamEvent]:
    """Stream an answer to `question` from `passages`: text deltas, then the final Answer.

    `standalone` is the question with follow-up references resolved (the one searched for);
    `idf` weighs the question's terms by rarity in the collection; `similarity`, when the
    embedding model is loaded, gives the question's cosine to each of a list of sentences.
    """
    notes = list(notes or [])
    analysed = _analyze(question, standalone, idf)
    generator = choose_generator(settings, notes)
    if generator is not None:
        try:
            yield from _generate(generator, standalone, analysed, passages, history, settings, notes)
            return
        except GeneratorUnavailable as exc:
            log.warning("%s failed, answering extractively: %s", generator.name, exc)
            notes.append(f"{generator.name} failed ({exc}): answered extractively instead")
        except ObeyedInstruction as exc:
            # The model's text was streamed already; the final answer replaces it.
            log.warning("%s obeyed an instruction in an article, answering extractively: %s", generator.name, exc)
            notes.append(f"{generator.name}'s answer followed an instruction printed in an article ({exc}): answered extractively from what the articles state instead")
            yield from (e for e in _extractive(analysed, passages, notes, idf, similarity, settings.answerer_model) if e.answer is not None)
            return
    yield from _extractive(analysed, passages, notes, idf, similarity, settings.answerer_model)


def _extractive(analysed: Question, passages: list[Passage], notes: list[str], idf: Callable[[str], float], similarity: Similarity | None, model_path: Path | None = None) -> Iterator[StreamEvent]:
    draft = extract_answer(analysed, passages, idf, similarity, load_model(model_path))
    if draft.abstained:
        final = Answer(draft.text, [], passages, True, EXTRACTIVE, notes=notes, confidence=draft.confidence)
    else:
        checked = check_citations(draft.text, passages, draft.quotes)
        final = Answer(checked.text, checked.citations, passages, False, EXTRACTIVE, checked.unsupported, notes, draft.confidence)
    for i in range(0, len(final.text), STREAM_PIECE_CHARS):
        yield StreamEvent(final.text[i : i + STREAM_PIECE_CHARS])
    yield StreamEvent(answer=final)


def _generate(generator: Generator, question: str, analysed: Question, passages: list[Passage], history: Any, settings: Settings, notes: list[str]) -> Iterator[StreamEvent]:
    if not passages:
        final = Answer(abstention_text(analysed), [], passages, True, generator.name, notes=notes)
        yield StreamEvent(final.text)
        yield StreamEvent(answer=final)
        return
    messages = build_messages(question, passages, analysed.lang, settings.llm_context_chars, turns_of(history))
    pieces: list[str] = []
    for piece in generator.stream(messages):
        pieces.append(piece)
        yield StreamEvent(piece)
    raw, leaked = drop_segments("".join(pieces).strip(), repeats_instructions)
    if leaked:
        notes.append(f"removed {len(leaked)} sentence(s) repeating the answerer's instructions")
    if not raw.strip() or says_no_answer(raw):
        final = Answer(abstention_text(analysed), [], passages, True, generator.name, notes=notes)
    else:
        checked = check_citations(raw, passages)
        if checked.obeyed:  # text addressed to the assistant is data: what it says is not an answer
            raise ObeyedInstruction("; ".join(f"“{claim[:40]}”" for claim in checked.obeyed[:2]))
        if not checked.citations:
            notes.append("no sentence of the model's answer is supported by the passages")
            final = Answer(abstention_text(analysed), [], passages, True, generator.name, checked.unsupported, notes)
        else:
            final = Answer(checked.text, checked.citations, passages, False, generator.name, checked.unsupported, notes)
    yield StreamEvent(answer=final)
