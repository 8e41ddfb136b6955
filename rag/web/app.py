"""The web chat (Gradio): a sidebar of saved conversations, streamed cited answers, their
sources, a settings panel, and which answerer ran. Served by rag.web.server with the APIs."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import gradio as gr

from rag.config import Settings, get_settings
from rag.pipeline import offline_notes
from rag.pipeline.collections import DEFAULT, collection_names
from rag.web.chat import conversation_handlers, make_respond
from rag.web.documents import documents_panel
from rag.web.render import banner, sources_panel
from rag.web.service import Service, answerers

log = logging.getLogger(__name__)

EXAMPLES = [
    "上合示范区累计开行了多少列中欧班列？",
    "出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？",
    "习近平在讲话中欢迎各方使用什么卫星导航系统？",
    "Who is the mayor of Liaocheng?",
    "What is the diameter of each Olympic ring on the Eiffel Tower?",
    "2024年聊城市常住人口是多少？",
]
BANNER_REFRESH_S = 2.0  # how often the banner shows the progress of vectors computed in the background


def _banner_update(settings: Settings) -> tuple[str, Any]:
    """The banner now, and the timer stopped once nothing runs in the background."""
    notes = offline_notes(settings)
    return banner(notes), gr.Timer(active=any("background" in n for n in notes))


def _settings_panel(settings: Settings) -> tuple[Any, Any, Any, Any]:
    """Collection, answerer, passages and (with an OpenAI-compatible server) its model."""
    with gr.Accordion("设置 Settings", open=True, elem_id="settings"):
        chooser = gr.Dropdown(collection_names(settings), value=DEFAULT, allow_custom_value=True, label="文档集 Collection (type a new name to create one)", elem_id="collection")
        choices = answerers(settings)
        answerer = gr.Dropdown(choices, value=settings.generator if settings.generator in choices else "auto", label="回答方式 Answerer", elem_id="answerer")
        k = gr.Slider(1, 10, value=min(settings.k, 10), step=1, label="检索段落数 Passages (k)", elem_id="k")
        model = gr.Textbox(settings.openai_model, label=f"模型 Model on {settings.openai_base_url}", max_lines=1, elem_id="model", visible=bool(settings.openai_base_url))
    return chooser, answerer, k, model


def build_app(settings: Settings | None = None, service: Service | None = None) -> gr.Blocks:
    """The Gradio app (the index is loaded or built before this returns)."""
    settings = settings or get_settings()
    service = service or Service(settings)
    notes = offline_notes(settings)
    respond = make_respond(settings, service, notes)
    handlers = conversation_handlers(settings, service)
    with gr.Blocks(title="新闻问答 · Cited news Q&A", analytics_enabled=False) as demo:
        # The open conversation's id, kept in the browser (localStorage) so a reload reopens it.
        secret = hashlib.sha256(str(settings.conversations_path()).encode()).hexdigest()
        saved = gr.BrowserState(None, storage_key="rag-open-conversation", secret=secret)
        conversation = gr.State(None, time_to_live=settings.session_ttl_s)  # the open conversation's id
        shown = gr.State([], time_to_live=settings.session_ttl_s)  # the chat as displayed, kept in the session (bounded)
        collection = gr.State(DEFAULT)  # per browser session; API callers get the default collection
        with gr.Sidebar(label="对话 Conversations", elem_id="sidebar"):
            new = gr.Button("＋ 新对话 New conversation", elem_id="new-conversation")
            listed = gr.Radio([], label="对话 Conversations", elem_id="conversations")
            title = gr.Textbox(label="标题 Title", max_lines=1, elem_id="conversation-title")
            with gr.Row():
                rename = gr.Button("重命名 Rename", size="sm", elem_id="rename")
                delete = gr.Button("删除 Delete", size="sm", variant="stop", elem_id="delete-conversation")
            renamed = gr.Markdown(elem_id="renamed")
        gr.Markdown("## 新闻问答 · Cited answers from the newspaper articles")
        banner_html = gr.HTML(banner(notes), elem_id="banner")
        # Vectors may still be computed in the background on a first run: the banner follows.
        timer = gr.Timer(BANNER_REFRESH_S, active=any("background" in n for n in notes))
        timer.tick(lambda: _banner_update(settings), None, [banner_html, timer], api_visibility="private", queue=False)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=340):
                chat = gr.Chatbot(label="对话 Chat", height=480, elem_id="chat", feedback_options=None, buttons=["copy"])
                with gr.Row():
                    # Disabled until the page has reopened its saved conversation: a question asked
                    # before that would have its answer wiped by the restored chat.
                    box = gr.Textbox(label="question", placeholder="输入问题 / Ask a question (中文或 English)", show_label=False, scale=5, max_lines=4, elem_id="question", interactive=False)
                    send = gr.Button("提问 Ask", variant="primary", scale=1, min_width=90, elem_id="ask", interactive=False)
                hint = gr.Markdown(elem_id="hint")  # input problems (empty, markup only, too long) show here
                examples = gr.Dataset(components=[box], samples=[[q] for q in EXAMPLES], label="示例问题 Examples", elem_id="examples")
                status = gr.Markdown(elem_id="status")
            with gr.Column(scale=2, min_width=280):
                chooser, answerer, k, model = _settings_panel(settings)
                documents_panel(settings, collection, examples, EXAMPLES, service.uploads, chooser)
                gr.Markdown("### 检索到的原文 Retrieved passages")
                sources = gr.HTML(sources_panel(None), elem_id="sources")
        inputs = [box, k, answerer, model, shown, conversation, collection]
        outputs = [chat, shown, conversation, sources, status, box, banner_html, hint, listed, saved]
        # preprocess=False: respond checks the raw values itself and refuses bad ones in
        # one log line (Gradio's own checks would log a traceback per malformed call).
        # Progress shows on the status line, not as the chat's pending "…" bubble: a refused
        # question must leave the chat as it was, and an answer streams into its own bubble.
        send.click(respond, inputs, outputs, api_name="ask", preprocess=False, show_progress_on=status)
        box.submit(respond, inputs, outputs, api_visibility="private", preprocess=False, show_progress_on=status)
        examples.click(lambda sample: sample[0], examples, box, api_visibility="private")
        opened = [chat, shown, conversation, saved, listed, title, sources]
        ready = (gr.update(interactive=True), gr.update(interactive=True))
        demo.load(lambda saved_id: (*handlers["open"](saved_id), *ready), saved, [*opened, box, send], api_visibility="private")
        listed.input(handlers["open"], listed, opened, api_visibility="private")
        new.click(handlers["new"], None, opened, api_visibility="private")
        delete.click(handlers["delete"], conversation, opened, api_visibility="private")
        rename.click(handlers["rename"], [conversation, title], [listed, renamed], api_visibility="private")
    return demo


def main() -> None:
    """`python app.py`: serve the chat and the APIs (rag.web.server.main; kept here for callers of this name)."""
    from rag.web.server import main as serve_main

    serve_main()
