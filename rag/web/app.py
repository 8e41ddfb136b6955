"""The web chat (Gradio): streams cited answers, shows their sources, says which answerer ran."""

from __future__ import annotations

import logging
import time
from typing import Any, Iterator

import gradio as gr

from rag.config import Settings, get_settings
from rag.pipeline import offline_notes
from rag.schema import Answer
from rag.pipeline.collections import DEFAULT
from rag.web.documents import documents_panel
from rag.web.render import CSS, answer_html, banner, esc, sources_panel, streaming_html

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


def make_respond(settings: Settings):  # type: ignore[no-untyped-def]
    """The chat handler for these settings (a generator: Gradio streams what it yields)."""
    from rag.pipeline import SERVICE_ERRORS, ask_stream
    from rag.pipeline.collections import collection_settings

    allowed = set(_answerers(settings))

    def respond(message: Any, chat: list[dict[str, Any]] | None, conversation: list[dict[str, str]] | None, k: Any, generator: Any, collection: Any = None) -> Iterator[tuple[Any, ...]]:
        chat = list(chat or [])
        conversation = list(conversation or [])
        question = "" if message is None else str(message)
        chat.append({"role": "user", "content": esc(question) or "…"})
        chat.append({"role": "assistant", "content": streaming_html("")})
        yield chat, conversation, gr.update(), "", ""
        started = time.perf_counter()
        try:
            k_value = min(max(int(k or settings.k), 1), 10)
            chosen = generator if generator in allowed else "auto"
            call_settings = collection_settings(settings, collection).with_overrides(k=k_value, generator=chosen)
            text, final, shown = "", None, 0.0
            for event in ask_stream(question, history=conversation, settings=call_settings):
                if event.answer is not None:
                    final = event.answer
                    break
                text += event.delta
                if time.perf_counter() - shown >= STREAM_REFRESH_S:
                    shown = time.perf_counter()
                    chat[-1] = {"role": "assistant", "content": streaming_html(text)}
                    yield chat, conversation, gr.update(), "", ""
            assert final is not None
        except SERVICE_ERRORS as exc:  # e.g. a new collection with nothing indexed yet
            message = f"这个文档集还不能检索 · This collection can't be searched yet: {exc}"
            chat[-1] = {"role": "assistant", "content": f'<div class="abstained">{esc(message)}</div>'}
            yield chat, conversation, gr.update(), message, ""
            return
        except Exception:  # noqa: BLE001 - the user gets a short message; the log gets the trace
            log.exception("answering failed")
            chat[-1] = {"role": "assistant", "content": f'<div class="abstained">{esc(ERROR_MESSAGE)}</div>'}
            yield chat, conversation, gr.update(), ERROR_MESSAGE, ""
            return
        chat[-1] = {"role": "assistant", "content": answer_html(final)}
        conversation += [{"role": "user", "content": question}, {"role": "assistant", "content": final.text}]
        yield chat, conversation, sources_panel(final), _status(final, time.perf_counter() - started), ""

    return respond


def _banner_update(settings: Settings) -> tuple[str, Any]:
    """The banner now, and the timer stopped once nothing runs in the background."""
    notes = offline_notes(settings)
    return banner(notes), gr.Timer(active=any("background" in n for n in notes))


def build_app(settings: Settings | None = None) -> gr.Blocks:
    """The Gradio app (the index is loaded or built before this returns)."""
    settings = settings or get_settings()
    notes = offline_notes(settings)
    respond = make_respond(settings)
    with gr.Blocks(title="新闻问答 · Cited news Q&A", analytics_enabled=False) as demo:
        gr.Markdown("## 新闻问答 · Cited answers from the newspaper articles")
        banner_html = gr.HTML(banner(notes), elem_id="banner")
        # Vectors may still be computed in the background on a first run: the banner follows.
        timer = gr.Timer(BANNER_REFRESH_S, active=any("background" in n for n in notes))
        timer.tick(lambda: _banner_update(settings), None, [banner_html, timer], api_visibility="private", queue=False)
        conversation = gr.State([])
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
        outputs = [chat, conversation, sources, status, box]
        send.click(respond, [box, chat, conversation, k, answerer, collection], outputs, api_name="ask")
        box.submit(respond, [box, chat, conversation, k, answerer, collection], outputs, api_visibility="private")
        examples.click(lambda sample: sample[0], examples, box, api_visibility="private")
        clear.click(lambda: ([], [], sources_panel(None), ""), None, [chat, conversation, sources, status], api_name="clear")
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
    demo.queue(default_concurrency_limit=4)
    demo.launch(
        server_name=host or settings.host,
        server_port=port or settings.port,
        prevent_thread_lock=not block,
        quiet=not block,
        css=CSS,
        theme=gr.themes.Soft(),
        footer_links=["api"],
        max_file_size=f"{settings.max_upload_mb}mb",
    )
    return demo


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
