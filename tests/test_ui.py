"""The web chat through its API (gradio_client) and its HTML rendering."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from rag.web.render import answer_html, highlight, sources_panel
from rag.schema import Answer, Citation, Passage


def _text(message) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


@pytest.fixture(scope="module")
def client(live_app):
    from gradio_client import Client

    return Client(live_app, verbose=False)


def test_answer_comes_back_with_markers_and_sources(client):
    chat, sources, status, box, *_ = client.predict("上合示范区累计开行了多少列中欧班列？", 5, "auto", api_name="/ask")
    reply = _text(chat[-1])
    assert re.search(r'<a class="cite" href="#src-[0-9a-f]+-1"', reply)
    assert "3200多列" in reply and "来源 Sources" in reply
    assert "<mark>" in sources and "累计开行3200多列" in sources
    assert "extractive" in status and box == ""


def test_abstention_looks_different(client):
    chat, *_ = client.predict("2024年聊城市常住人口是多少？", 5, "auto", api_name="/ask")
    reply = _text(chat[-1])
    assert 'class="abstained"' in reply and "cite" not in reply


def test_markup_in_questions_and_articles_is_escaped(client):
    chat, *_ = client.predict("<script>alert(1)</script><img src=x onerror=alert(2)>聊城援青管理组实施了多少项新技术？", 5, "auto", api_name="/ask")
    question = _text(chat[-2])
    assert "<script>" not in question and "&lt;script&gt;" in question and "<img" not in question
    passage = Passage("p1", "x.txt", "<b>标题</b>", "正文<script>steal()</script>。引文在此。", 0, 10, 1.0)
    answer = Answer("引文在此。[1]", [Citation(1, passage, "引文在此。")], [passage], False, "extractive")
    rendered = answer_html(answer) + sources_panel(answer)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered and "&lt;b&gt;标题" in rendered
    assert highlight("a<b>c", "<b>") == "a<mark>&lt;b&gt;</mark>c"


@pytest.mark.parametrize("question, words", [("问" * 3000, "太长"), ("", "请输入问题"), ("<b></b>", "请输入问题"), ("？！", "没有可以检索的文字")])
def test_input_problems_are_a_hint_not_an_answer(live_app, question, words):
    from gradio_client import Client

    chat, _sources, _status, _box, _banner, hint, *_ = Client(live_app, verbose=False).predict(question, 5, "auto", api_name="/ask")
    assert words in hint
    assert chat == []  # no answer bubble, no "…" bubble


def test_internal_errors_show_a_short_message(live_app, monkeypatch):
    from gradio_client import Client

    import rag.pipeline.asking as service

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(service, "engine_for", broken)
    chat, _sources, status, _box, *_ = Client(live_app, verbose=False).predict("聊城援青管理组实施了多少项新技术？", 5, "auto", api_name="/ask")
    reply = _text(chat[-1])
    assert "Something went wrong" in reply and "secret internal detail" not in reply and "Traceback" not in reply


def test_parallel_sessions_get_their_own_answers(live_app):
    from gradio_client import Client

    questions = {
        "上合示范区累计开行了多少列中欧班列？": "3200多列",
        "聊城援青管理组实施了多少项新技术？": "44项",
        "中方决定在哈萨克斯坦开设第几家鲁班工坊？": "第二家",
        "哈萨克斯坦有几架战机在总统府上空拉出象征中国国旗的彩带？": "6架",
    }

    def one(question):
        chat, *_ = Client(live_app, verbose=False).predict(question, 5, "extractive", api_name="/ask")
        return question, _text(chat[-1])

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, list(questions) * 2))
    for question, reply in results:
        assert questions[question] in reply
        for other, value in questions.items():
            if other != question:
                assert value not in reply.split("来源")[0]
