"""The web chat (Gradio): streams cited answers, shows their sources, says which answerer ran."""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Iterator

import gradio as gr

from rag.config import Settings, get_settings
from rag.pipeline import offline_notes
from rag.schema import Answer
from rag.pipeline.collections import DEFAULT
from rag.web.documents import documents_panel
from rag.web.guard import Guard
from rag.web.render import CSS, answer_html, banner, esc, sources_panel, streaming_html, text_html

log = logging.getLogger(__name__)

EXAMPLES = [
    "上合示范区累计开行了多少列中欧班列？",
    "出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？",
    "习近平在讲话中欢迎各方使用什么卫星导航系统？",
    "Who is the mayor of Liaocheng?",
    "What is the diameter of each Olympic ring on the Eiffel Tower?",
    "2024年聊城市常住人口是多少？",
]
STREAM_REFRESH_S = 0.05  # redraw the streaming message at most this often
BANNER_REFRESH_S = 2.0  # how often the banner shows the progress of vectors computed in the background
UPLOAD_FILES = 10  # files one upload request may carry; each is also held to max_upload_mb
ERROR_MESSAGE = "出错了，请重试。Something went wrong; please try again. (The error was logged.)"


def _answerers(settings: Settings) -> list[str]:
    choices = ["auto", "extractive", "transformers"]
    if settings.openai_base_url:
        choices.append("openai")
    return choices


def _status(answer: Answer, elapsed: float) -> str:
    line = f"回答者 answerer: **{answer.generator}** · {len(answer.passages)} passages · {elapsed * 1000:.0f} ms"
    extra = [n for n in answer.notes if not n.startswith("offline path")]
    return line + "".join(f"\n- {esc(n)}" for n in extra)


class BadRequest(ValueError):
    """A call through the API whose values the chat cannot take."""


def _checked(message: Any, k: Any, generator: Any, settings: Settings, allowed: set[str]) -> tuple[str, int, str]:
    """(question, k, answerer) from raw API values; BadRequest names the bad one."""
    if message is not None and not isinstance(message, str):
        raise BadRequest(f"the question must be text, not {type(message).__name__}")
    if k is None:
        k = settings.k
    if isinstance(k, bool) or not isinstance(k, (int, float)) or k != k or not 1 <= k <= 10:
        raise BadRequest(f"k (passages) must be a number from 1 to 10, not {str(k)[:20]!r}")
    if generator is not None and generator not in allowed:
        raise BadRequest(f"answerer must be one of {', '.join(sorted(allowed))}, not {str(generator)[:20]!r}")
    return message or "", int(k), generator or "auto"


def make_respond(settings: Settings, notes: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The chat handler for these settings (a generator: Gradio streams what it yields).

    Takes raw API values (the event does no preprocessing) and checks them itself. The
    chat shown and the conversation live in the session, never in the request: a client
    can't send a malformed or endless chat, and what is sent back is bounded."""
    from rag.pipeline import SERVICE_ERRORS, ask_stream, index_warning
    from rag.pipeline.collections import collection_settings

    allowed = set(_answerers(settings))
    keep = settings.max_chat_messages

    def respond(message: Any, k: Any, generator: Any, chat: Any, conversation: Any, collection: Any = None) -> Iterator[tuple[Any, ...]]:
        try:
            question, k_value, chosen = _checked(message, k, generator, settings, allowed)
        except BadRequest as exc:
            log.warning("bad request: %s", exc)  # one line, no traceback
            raise gr.Error(str(exc), print_exception=False) from None
        chat = list(chat or [])[-(keep - 2):]
        conversation = list(conversation or [])
        shown = question if len(question) <= settings.max_question_chars else question[: settings.max_question_chars] + "…"
        chat.append({"role": "user", "content": text_html(shown) or "…"})
        chat.append({"role": "assistant", "content": streaming_html("")})
        yield chat, chat, conversation, gr.update(), "", "", gr.update()
        started = time.perf_counter()
        try:
            call_settings = collection_settings(settings, collection).with_overrides(k=k_value, generator=chosen)
            text, final, drawn = "", None, 0.0
            for event in ask_stream(question, history=conversation, settings=call_settings):
                if event.answer is not None:
                    final = event.answer
                    break
                text += event.delta
                if time.perf_counter() - drawn >= STREAM_REFRESH_S:
                    drawn = time.perf_counter()
                    chat[-1] = {"role": "assistant", "content": streaming_html(text)}
                    yield chat, chat, conversation, gr.update(), "", "", gr.update()
            assert final is not None
        except SERVICE_ERRORS as exc:  # e.g. a new collection with nothing indexed yet
            message = f"这个文档集还不能检索 · This collection can't be searched yet: {exc}"
            chat[-1] = {"role": "assistant", "content": f'<div class="abstained">{esc(message)}</div>'}
            yield chat, chat, conversation, gr.update(), message, "", gr.update()
            return
        except Exception:  # noqa: BLE001 - the user gets a short message; the log gets the trace
            log.exception("answering failed")
            chat[-1] = {"role": "assistant", "content": f'<div class="abstained">{esc(ERROR_MESSAGE)}</div>'}
            yield chat, chat, conversation, gr.update(), ERROR_MESSAGE, "", gr.update()
            return
        chat[-1] = {"role": "assistant", "content": answer_html(final)}
        if final.generator != "none":  # a refused question is not part of the conversation
            conversation = (conversation + [{"role": "user", "content": question}, {"role": "assistant", "content": final.text}])[-keep:]
        warning = index_warning(call_settings)
        shown_banner = banner([*(notes or []), warning]) if warning else gr.update()  # the index is out of date: say so on top
        yield chat, chat, conversation, sources_panel(final), _status(final, time.perf_counter() - started), "", shown_banner

    return respond


def _banner_update(settings: Settings) -> tuple[str, Any]:
    """The banner now, and the timer stopped once nothing runs in the background."""
    notes = offline_notes(settings)
    return banner(notes), gr.Timer(active=any("background" in n for n in notes))


def build_app(settings: Settings | None = None) -> gr.Blocks:
    """The Gradio app (the index is loaded or built before this returns)."""
    settings = settings or get_settings()
    notes = offline_notes(settings)
    respond = make_respond(settings, notes)
    with gr.Blocks(title="新闻问答 · Cited news Q&A", analytics_enabled=False) as demo:
        gr.Markdown("## 新闻问答 · Cited answers from the newspaper articles")
        banner_html = gr.HTML(banner(notes), elem_id="banner")
        # Vectors may still be computed in the background on a first run: the banner follows.
        timer = gr.Timer(BANNER_REFRESH_S, active=any("background" in n for n in notes))
        timer.tick(lambda: _banner_update(settings), None, [banner_html, timer], api_visibility="private", queue=False)
        conversation = gr.State([], time_to_live=settings.session_ttl_s)
        shown = gr.State([], time_to_live=settings.session_ttl_s)  # the chat as displayed, kept in the session (bounded)
        collection = gr.State(DEFAULT)  # per browser session; API callers get the default collection
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=340):
                chat = gr.Chatbot(label="对话 Chat", height=480, elem_id="chat", feedback_options=None, buttons=["copy"])
                with gr.Row():
                    box = gr.Textbox(placeholder="输入问题 / Ask a question (中文或 English)", show_label=False, scale=5, max_lines=4, elem_id="question")
                    send = gr.Button("提问 Ask", variant="primary", scale=1, min_width=90, elem_id="ask")
                with gr.Row():
                    k = gr.Slider(1, 10, value=settings.k, step=1, label="检索段落数 Passages (k)", scale=2)
                    answerer = gr.Dropdown(_answerers(settings), value=settings.generator if settings.generator in _answerers(settings) else "auto", label="回答方式 Answerer", scale=2)
                    clear = gr.Button("清空对话 Clear", scale=1, min_width=90, elem_id="clear")
                examples = gr.Dataset(components=[box], samples=[[q] for q in EXAMPLES], label="示例问题 Examples", elem_id="examples")
                status = gr.Markdown(elem_id="status")
            with gr.Column(scale=2, min_width=280):
                documents_panel(settings, collection, examples, EXAMPLES)
                gr.Markdown("### 检索到的原文 Retrieved passages")
                sources = gr.HTML(sources_panel(None), elem_id="sources")
        inputs = [box, k, answerer, shown, conversation, collection]
        outputs = [chat, shown, conversation, sources, status, box, banner_html]
        # preprocess=False: respond checks the raw values itself and refuses bad ones in
        # one log line (Gradio's own checks would log a traceback per malformed call).
        send.click(respond, inputs, outputs, api_name="ask", preprocess=False)
        box.submit(respond, inputs, outputs, api_visibility="private", preprocess=False)
        examples.click(lambda sample: sample[0], examples, box, api_visibility="private")
        clear.click(lambda: ([], [], [], sources_panel(None), ""), None, [chat, shown, conversation, sources, status], api_name="clear")
    return demo


def launch(settings: Settings | None = None, host: str | None = None, port: int | None = None, block: bool = True) -> gr.Blocks:
    """Prepare the index (with progress on first run), then serve the chat."""
    from rag.pipeline import engine_for

    settings = settings or get_settings()
    print(f"Preparing the search index in {settings.index_dir} (built from {settings.seeds_dir} on first run)…", flush=True)
    # A first run builds BM25 (about a second) and serves at once; vectors follow in the
    # background with a progress bar here and a note in the banner.
    engine_for(settings).snapshot(progress=True, background=True)
    demo = build_app(settings)
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")  # per-event records Gradio keeps (default 10,000)
    demo.queue(default_concurrency_limit=4)
    demo.launch(server_name=host or settings.host, server_port=port or settings.port, prevent_thread_lock=not block, quiet=not block, footer_links=["api"], **launch_options(demo, settings))
    return demo


def launch_options(demo: gr.Blocks, settings: Settings) -> dict[str, Any]:
    """Options every launch of the chat uses: limits, security headers, style."""
    from starlette.middleware import Middleware

    def arity(fn_index: Any, api_name: str | None) -> tuple[int, str] | None:
        for key, fn in demo.fns.items():
            if (api_name is not None and fn.api_name == api_name) or (api_name is None and fn_index == key):
                return len(fn.inputs), ", ".join(getattr(b, "label", None) or getattr(b, "elem_id", None) or "null (session state)" for b in fn.inputs)
        return None

    def housekeeping() -> None:
        """Gradio's queue keeps an empty set per finished session and never drops it (one per
        API call, so memory crept with every call); drop them."""
        pending = getattr(getattr(demo, "_queue", None), "pending_event_ids_session", None)
        if isinstance(pending, dict):
            for session in [key for key, ids in pending.items() if not ids]:
                pending.pop(session, None)

    upload_limit = settings.max_upload_mb * 1024 * 1024
    guard = Middleware(Guard, max_body=settings.max_request_bytes, max_upload=upload_limit * UPLOAD_FILES, arity=arity, housekeeping=housekeeping)
    return {
        "css": CSS, "theme": gr.themes.Soft(), "max_file_size": upload_limit,
        "state_session_capacity": settings.max_sessions, "app_kwargs": {"middleware": [guard]},
    }


def main() -> None:
    """`python app.py`: serve the chat on settings.host:settings.port."""
    import sys

    from rag.pipeline import SERVICE_ERRORS

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("faiss.loader", "httpx", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        launch()
    except SERVICE_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
