"""The web chat's handlers: answering (streamed, saved in the open conversation) and the
conversation sidebar (open, rename, delete, start anew)."""

from __future__ import annotations

import logging
import time
from typing import Any, Iterator

import gradio as gr

from rag.config import Settings
from rag.pipeline import SERVICE_ERRORS, ask_stream, index_warning, question_problem
from rag.pipeline.collections import collection_settings
from rag.pipeline.conversations import ConversationNotFound, answer_from_dict
from rag.schema import Answer
from rag.web.render import answer_html, banner, esc, sources_panel, streaming_html, text_html
from rag.web.service import Service, answerers

log = logging.getLogger(__name__)

STREAM_REFRESH_S = 0.05  # redraw the streaming message at most this often
ERROR_MESSAGE = "出错了，请重试。Something went wrong; please try again. (The error was logged.)"
LISTED = 50  # conversations the sidebar shows (most recent first)
SAME = gr.update()


class BadRequest(ValueError):
    """A call through the chat's API whose values it cannot take."""


def checked(message: Any, k: Any, generator: Any, model: Any, settings: Settings) -> tuple[str, int, str, str | None]:
    """(question, k, answerer, model) from raw API values; BadRequest names the bad one."""
    if message is not None and not isinstance(message, str):
        raise BadRequest(f"the question must be text, not {type(message).__name__}")
    if k is None:
        k = settings.k
    if isinstance(k, bool) or not isinstance(k, (int, float)) or k != k or not 1 <= k <= 10:
        raise BadRequest(f"k (passages) must be a number from 1 to 10, not {str(k)[:20]!r}")
    allowed = answerers(settings)
    if generator is not None and generator not in allowed:
        raise BadRequest(f"answerer must be one of {', '.join(sorted(allowed))}, not {str(generator)[:20]!r}")
    if model is not None and (not isinstance(model, str) or len(model) > 200):
        raise BadRequest("the model must be a name of at most 200 characters")
    return message or "", int(k), generator or "auto", (model or "").strip() or None


def status_line(answer: Answer, elapsed: float) -> str:
    """The line under the chat: who answered, how many passages, how long; and its notes."""
    line = f"回答者 answerer: **{answer.generator}** · {len(answer.passages)} passages · {elapsed * 1000:.0f} ms"
    extra = [n for n in answer.notes if not n.startswith("offline path")]
    return line + "".join(f"\n- {esc(n)}" for n in extra)


def conversation_list(service: Service, selected: str | None) -> Any:
    """The sidebar's list: (title, id) of the most recent conversations, the open one selected."""
    choices = [(c.title, c.id) for c in service.store.list(LISTED)]
    return gr.update(choices=choices, value=selected if selected in {i for _, i in choices} else None)


def shown_chat(service: Service, conversation_id: str | None, keep: int) -> tuple[list[dict[str, str]], str]:
    """A saved conversation as chat messages (its last `keep`), and the last answer's passages panel."""
    if not conversation_id:
        return [], sources_panel(None)
    chat, last = [], None
    for message in service.store.get(conversation_id).messages:
        if message.role == "user":
            chat.append({"role": "user", "content": text_html(message.content)})
        else:
            last = answer_from_dict(message.answer) if message.answer else Answer(message.content, [], [], False, message.generator or "")
            chat.append({"role": "assistant", "content": answer_html(last)})
    return chat[-keep:], sources_panel(last)


def make_respond(settings: Settings, service: Service, notes: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The chat handler (a generator: Gradio streams what it yields).

    Takes raw API values (the event does no preprocessing) and checks them itself. The chat
    shown lives in the session and the conversation in the store, never in the request: a
    client can't send a malformed or endless chat, and what is sent back is bounded.
    Yields (chat, shown, conversation id, sources, status, box, banner, hint, list, saved id)."""
    keep = settings.max_chat_messages

    def respond(message: Any, k: Any, generator: Any, model: Any, chat: Any, conversation_id: Any, collection: Any = None) -> Iterator[tuple[Any, ...]]:
        try:
            question, k_value, chosen, model_name = checked(message, k, generator, model, settings)
        except BadRequest as exc:
            log.warning("bad request: %s", exc)  # one line, no traceback
            raise gr.Error(str(exc), print_exception=False) from None
        chat = list(chat or [])[-(keep - 2):]
        problem = question_problem(question, settings)
        if problem:  # an input problem, not an answer: a hint under the box, nothing in the chat
            yield chat, chat, conversation_id, SAME, SAME, SAME, SAME, f"⚠ {problem}", SAME, SAME
            return
        conversation_id = _open_or_start(service, conversation_id, question, collection)
        listed = conversation_list(service, conversation_id)
        chat.append({"role": "user", "content": text_html(question)})
        chat.append({"role": "assistant", "content": streaming_html("")})
        yield chat, chat, conversation_id, SAME, "", "", SAME, "", listed, conversation_id
        started = time.perf_counter()
        try:
            call_settings = collection_settings(settings, collection).with_overrides(k=k_value, generator=chosen, openai_model=model_name)
            history = service.store.history(conversation_id, settings.max_history_turns)
            text, final, drawn = "", None, 0.0
            for event in ask_stream(question, history=history, settings=call_settings):
                if event.answer is not None:
                    final = event.answer
                    break
                text += event.delta
                if time.perf_counter() - drawn >= STREAM_REFRESH_S:
                    drawn = time.perf_counter()
                    chat[-1] = {"role": "assistant", "content": streaming_html(text)}
                    yield chat, chat, conversation_id, SAME, SAME, SAME, SAME, SAME, SAME, SAME
            assert final is not None
        except SERVICE_ERRORS as exc:  # e.g. a new collection with nothing indexed yet
            shown = f"这个文档集还不能检索 · This collection can't be searched yet: {exc}"
            chat[-1] = {"role": "assistant", "content": f'<div class="abstained">{esc(shown)}</div>'}
            yield chat, chat, conversation_id, SAME, shown, "", SAME, SAME, SAME, SAME
            return
        except Exception:  # noqa: BLE001 - the user gets a short message; the log gets the trace
            log.exception("answering failed")
            chat[-1] = {"role": "assistant", "content": f'<div class="abstained">{esc(ERROR_MESSAGE)}</div>'}
            yield chat, chat, conversation_id, SAME, ERROR_MESSAGE, "", SAME, SAME, SAME, SAME
            return
        chat[-1] = {"role": "assistant", "content": answer_html(final)}
        service.store.add_turn(conversation_id, question, final)
        warning = index_warning(call_settings)
        shown_banner = banner([*(notes or []), warning]) if warning else SAME  # the index is out of date: say so on top
        yield chat, chat, conversation_id, sources_panel(final), status_line(final, time.perf_counter() - started), "", shown_banner, SAME, SAME, SAME

    return respond


def _open_or_start(service: Service, conversation_id: Any, question: str, collection: Any) -> str:
    """The open conversation, or a new one titled by this question (also when the open one was deleted elsewhere)."""
    if isinstance(conversation_id, str) and conversation_id:
        try:
            service.store.history(conversation_id, 1)
            return conversation_id
        except ConversationNotFound:
            pass
    return service.store.create(question, str(collection or "default")).id


def conversation_handlers(settings: Settings, service: Service) -> dict[str, Any]:
    """Sidebar actions; each returns (chat, shown, conversation id, saved id, list, title, sources)."""
    keep = settings.max_chat_messages

    def open_(conversation_id: Any) -> tuple[Any, ...]:
        try:
            chat, sources = shown_chat(service, conversation_id if isinstance(conversation_id, str) else None, keep)
        except ConversationNotFound:
            conversation_id, chat, sources = None, [], sources_panel(None)
        title = service.store.get(conversation_id).title if conversation_id else ""
        return chat, chat, conversation_id, conversation_id, conversation_list(service, conversation_id), title, sources

    def new() -> tuple[Any, ...]:
        return [], [], None, None, conversation_list(service, None), "", sources_panel(None)

    def rename(conversation_id: Any, title: Any) -> tuple[Any, ...]:
        if isinstance(conversation_id, str) and conversation_id and isinstance(title, str) and title.strip():
            try:
                service.store.rename(conversation_id, title[:200])
            except ConversationNotFound:
                pass
        return conversation_list(service, conversation_id), "已重命名 Renamed" if title else ""

    def delete(conversation_id: Any) -> tuple[Any, ...]:
        if isinstance(conversation_id, str) and conversation_id:
            try:
                service.store.delete(conversation_id)
            except ConversationNotFound:
                pass
        return new()

    return {"open": open_, "new": new, "rename": rename, "delete": delete}
