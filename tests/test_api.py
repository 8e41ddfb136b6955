"""The JSON API and the OpenAI-compatible API over HTTP, on the real server (uvicorn on a free
loopback port, the offline index over the seed articles)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT, SEEDS

IRAN = "出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？"
FOLLOW_UP = "那白俄罗斯总统呢？"


def _events(response: httpx.Response) -> list[tuple[str, dict]]:
    """(event name, data) of a server-sent event stream, in order."""
    events, name = [], "message"
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            events.append((name, json.loads(line.split(":", 1)[1])))
            name = "message"
    return events


def _assert_cited(answer: dict) -> None:
    assert answer["citations"] and not answer["abstained"]
    for citation in answer["citations"]:
        passage = citation["passage"]
        assert citation["quote"] in passage["text"] and f"[{citation['n']}]" in answer["text"]
        assert {"id", "source", "title", "start", "end"} <= set(passage)


def test_a_two_turn_conversation_resolves_the_follow_up(live_app):
    first = httpx.post(live_app + "api/ask", json={"question": IRAN}, timeout=60).json()
    assert "穆赫贝尔" in first["text"] and first["generator"] == "extractive"
    _assert_cited(first)
    second = httpx.post(live_app + "api/ask", json={"question": FOLLOW_UP, "conversation_id": first["conversation_id"]}, timeout=60).json()
    assert "卢卡申科" in second["text"] and second["conversation_id"] == first["conversation_id"]
    assert any("follow-up read as" in n and "白俄罗斯" in n for n in second["notes"])
    _assert_cited(second)
    saved = httpx.get(live_app + f"api/conversations/{first['conversation_id']}", timeout=30).json()
    assert [m["role"] for m in saved["messages"]] == ["user", "assistant", "user", "assistant"]
    assert saved["messages"][3]["answer"]["citations"][0]["quote"] == second["citations"][0]["quote"]
    assert saved["messages"][3]["generator"] == "extractive" and saved["title"] == IRAN


def test_the_event_stream_delivers_tokens_then_citations_then_the_answer(live_app):
    with httpx.stream("POST", live_app + "api/ask", json={"question": "上合示范区累计开行了多少列中欧班列？"}, headers={"Accept": "text/event-stream"}, timeout=60) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _events(response)
    names = [name for name, _ in events]
    assert names[0] == "token" and names[-2:] == ["citations", "done"] and set(names[:-2]) == {"token"}
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "token") == done["text"]
    assert events[-2][1]["citations"] == done["citations"] and "3200多列" in done["text"]
    _assert_cited(done)


def test_the_openai_client_gets_a_cited_answer(live_app):
    from openai import OpenAI

    client = OpenAI(base_url=live_app + "v1", api_key="unused", max_retries=0)
    assert "rag/seeds" in [m.id for m in client.models.list()]
    stream = client.chat.completions.create(model="rag/seeds", messages=[{"role": "user", "content": IRAN}], stream=True)
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "穆赫贝尔[1]" in text and "来源 Sources" in text and "- [1] 《" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    citations = chunks[-1].model_extra["citations"]
    assert citations[0]["n"] == 1 and citations[0]["quote"] in citations[0]["passage"]["text"] and citations[0]["quote"] in text
    # Not streamed, with the conversation (including our own reply and its sources list) as history.
    reply = client.chat.completions.create(
        model="rag/seeds", messages=[{"role": "system", "content": "be brief"}, {"role": "user", "content": IRAN}, {"role": "assistant", "content": text}, {"role": "user", "content": FOLLOW_UP}],
    )
    assert "卢卡申科" in reply.choices[0].message.content and reply.model_extra["rag"]["generator"] == "extractive"
    assert any("follow-up read as" in n for n in reply.model_extra["rag"]["notes"])


def test_conversations_can_be_created_listed_renamed_and_deleted(live_app):
    api = live_app + "api/conversations"
    made = httpx.post(api, json={"title": "测试对话"}, timeout=30)
    assert made.status_code == 201
    conversation_id = made.json()["id"]
    assert conversation_id in [c["id"] for c in httpx.get(api, timeout=30).json()["conversations"]]
    assert httpx.patch(f"{api}/{conversation_id}", json={"title": "改名了"}, timeout=30).json()["title"] == "改名了"
    asked = httpx.post(live_app + "api/ask", json={"question": IRAN, "conversation_id": conversation_id}, timeout=60).json()
    assert asked["conversation_id"] == conversation_id
    assert httpx.get(f"{api}/{conversation_id}", timeout=30).json()["turns"] == 1
    assert httpx.delete(f"{api}/{conversation_id}", timeout=30).status_code == 204
    assert httpx.get(f"{api}/{conversation_id}", timeout=30).status_code == 404


def test_retrieve_collections_and_the_docs_page(live_app):
    passages = httpx.post(live_app + "api/retrieve", json={"question": "聊城援青管理组实施了多少项新技术？", "k": 3}, timeout=30).json()["passages"]
    assert len(passages) == 3 and any("44项" in p["text"] for p in passages) and passages[0]["score"] >= passages[-1]["score"]
    assert httpx.get(live_app + "api/collections", timeout=30).json()["collections"][0] == {"name": "default", "model": "rag/seeds"}
    docs = httpx.get(live_app + "docs", timeout=30)
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text
    assert httpx.get(live_app + "static-offline-docs/swagger-ui-bundle.js", timeout=30).status_code == 200  # no CDN: the CSP would block it
    paths = httpx.get(live_app + "openapi.json", timeout=30).json()["paths"]
    assert {"/api/ask", "/api/retrieve", "/api/conversations", "/v1/chat/completions", "/v1/models"} <= set(paths)


BAD = [
    ("post", "api/ask", {"question": "问题", "k": 0}, 422, "k: Input should be greater than or equal to 1"),
    ("post", "api/ask", {"k": 3}, 422, "question: Field required"),
    ("post", "api/ask", {"question": ""}, 422, "请输入问题"),
    ("post", "api/ask", {"question": "<b></b>  "}, 422, "请输入问题"),
    ("post", "api/ask", {"question": "问" * 3000}, 422, "问题太长"),
    ("post", "api/ask", {"question": "问题", "collection": "../etc"}, 422, "bad collection name"),
    ("post", "api/ask", {"question": "问题", "collection": "nosuch"}, 404, "no collection named 'nosuch'"),
    ("post", "api/ask", {"question": "问题", "answerer": "rm -rf"}, 422, "answerer: Input should be"),
    ("post", "api/ask", {"question": "问题", "conversation_id": "nope"}, 404, "no conversation 'nope'"),
    ("post", "api/ask", [1, 2], 422, "Input should be a valid dictionary"),
    ("patch", "api/conversations/nope", {"title": "x"}, 404, "no conversation"),
    ("post", "v1/chat/completions", {"model": "rag/nosuch", "messages": [{"role": "user", "content": "问题"}]}, 404, "no model 'rag/nosuch'"),
    ("post", "v1/chat/completions", {"model": "rag/seeds", "messages": [{"role": "assistant", "content": "问题"}]}, 400, "last message must be the user's"),
    ("post", "v1/chat/completions", {"model": "rag/seeds", "messages": []}, 422, "messages: List should have at least 1 item"),
]


def test_bad_requests_get_a_clear_message_and_one_log_line(live_app, caplog):
    with caplog.at_level("WARNING"):
        for method, path, body, status, words in BAD:
            response = httpx.request(method, live_app + path, json=body, timeout=30)
            assert response.status_code == status, (path, body, response.text)
            error = response.json()["error"]
            message = error["message"] if path.startswith("v1") else error
            assert words in message, (words, message)
    refusals = [r for r in caplog.records if r.name.startswith("rag.web")]
    assert len(refusals) == len(BAD) and all("\n" not in r.getMessage() for r in refusals)


def test_api_responses_carry_the_security_headers_and_body_limit(live_app):
    response = httpx.get(live_app + "api/collections", timeout=30)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"] and response.headers["x-frame-options"] == "DENY"
    huge = httpx.post(live_app + "api/ask", content=b'{"question": "' + b"a" * 2_000_000 + b'"}', headers={"content-type": "application/json"}, timeout=30)
    assert huge.status_code == 413 and "request too large" in huge.json()["error"]


def test_documents_are_uploaded_listed_answered_from_and_deleted(live_app):
    base = live_app + "api/collections/apitest/documents"
    page = (SEEDS / "001_2a0e67fa4b79613c.txt").read_bytes()
    queued = httpx.post(base, files={"files": ("page.txt", page, "text/plain")}, timeout=60)
    assert queued.status_code == 202 and queued.json()["queued"] == ["page.txt"]
    deadline = time.monotonic() + 120
    while (status := httpx.get(base, timeout=30).json()["documents"][0]["status"]) != "indexed":  # the worker reads and indexes in the background
        assert time.monotonic() < deadline and not status.startswith("failed"), status
        time.sleep(0.2)
    assert "apitest" in [c["name"] for c in httpx.get(live_app + "api/collections", timeout=30).json()["collections"]]
    answer = httpx.post(live_app + "api/ask", json={"question": "聊城援青管理组实施了多少项新技术？", "collection": "apitest"}, timeout=60).json()
    assert "44项" in answer["text"] and {c["passage"]["source"] for c in answer["citations"]} == {"page.txt"}
    assert httpx.delete(base + "/page.txt", timeout=30).status_code == 202
    assert httpx.delete(base + "/never.txt", timeout=30).status_code == 404


@pytest.fixture
def fresh(offline_index, tmp_path):
    """Settings for a server of the test's own: the shared index, its own conversations file."""
    return offline_index.with_overrides(conversations_db=tmp_path / "conversations.sqlite3", collections_dir=tmp_path / "collections")


@pytest.mark.slow
def test_conversations_survive_a_restart(fresh):
    from rag.web.server import ServerThread, create_app
    from tests.helpers import free_port

    with ServerThread(create_app(fresh), free_port()) as url:
        first = httpx.post(url + "/api/ask", json={"question": IRAN}, timeout=60).json()
    with ServerThread(create_app(fresh), free_port()) as url:  # a new server process's worth: new app, new store
        listed = httpx.get(url + "/api/conversations", timeout=30).json()["conversations"]
        assert [c["id"] for c in listed] == [first["conversation_id"]] and listed[0]["turns"] == 1
        second = httpx.post(url + "/api/ask", json={"question": FOLLOW_UP, "conversation_id": first["conversation_id"]}, timeout=60).json()
        assert "卢卡申科" in second["text"]


@pytest.mark.slow
def test_a_key_is_required_when_set(fresh):
    from openai import AuthenticationError, OpenAI

    from rag.web.server import ServerThread, create_app
    from tests.helpers import free_port

    with ServerThread(create_app(fresh.with_overrides(api_key="s3cret-key")), free_port()) as url:
        for path in ("/api/collections", "/api/conversations", "/v1/models"):
            refused = httpx.get(url + path, timeout=30)
            assert refused.status_code == 401 and "Authorization: Bearer" in str(refused.json()) and refused.headers["www-authenticate"] == "Bearer"
            assert httpx.get(url + path, headers={"Authorization": "Bearer wrong"}, timeout=30).status_code == 401
            assert httpx.get(url + path, headers={"Authorization": "Bearer s3cret-key"}, timeout=30).status_code == 200
        assert httpx.post(url + "/api/ask", json={"question": IRAN}, timeout=30).status_code == 401
        with pytest.raises(AuthenticationError):
            OpenAI(base_url=url + "/v1", api_key="wrong", max_retries=0).chat.completions.create(model="rag/seeds", messages=[{"role": "user", "content": IRAN}])
        reply = OpenAI(base_url=url + "/v1", api_key="s3cret-key", max_retries=0).chat.completions.create(model="rag/seeds", messages=[{"role": "user", "content": IRAN}])
        assert "穆赫贝尔" in reply.choices[0].message.content
        # The chat's own API is no way around the key: it asks for a login.
        assert httpx.post(url + "/gradio_api/call/ask", json={"data": [IRAN, 5, "auto", None, None, None, None]}, timeout=30).status_code in (401, 403)


def test_serving_beyond_loopback_needs_a_key(fresh):
    from rag.web.server import AccessError, check_access

    with pytest.raises(AccessError, match="RAG_API_KEY"):
        check_access(fresh, "0.0.0.0")
    check_access(fresh, "127.0.0.1")
    check_access(fresh, "::1")
    check_access(fresh.with_overrides(api_key="k"), "0.0.0.0")


@pytest.mark.slow
def test_rag_serve_on_all_interfaces_without_a_key_stops_with_a_clear_error(fresh):
    env = {**__import__("os").environ, "RAG_INDEX_DIR": str(fresh.index_dir), "RAG_EMBED_MODEL": fresh.embed_model, "RAG_CONVERSATIONS_DB": str(fresh.conversations_db)}
    env.pop("RAG_API_KEY", None)
    run = subprocess.run([sys.executable, "-m", "rag", "serve", "--host", "0.0.0.0"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "RAG_API_KEY" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
def test_a_first_run_answers_through_the_api_before_the_chat_is_mounted(fresh, tmp_path):
    """`python app.py` builds the chat after the server listens: the API answers from the
    fresh BM25 index, `/` says the chat is starting (503) until it is mounted, then serves it."""
    from rag.web.server import ServerThread, create_app
    from tests.helpers import free_port

    settings = fresh.with_overrides(index_dir=tmp_path / "first-run" / "vectorstore")  # nothing built yet
    with ServerThread(create_app(settings, chat_later=True), free_port()) as url:
        early = httpx.get(url + "/", timeout=30)
        answer = httpx.post(url + "/api/ask", json={"question": IRAN}, timeout=120).json()
        _assert_cited(answer)
        assert "穆赫贝尔" in answer["text"]
        if early.status_code == 503:  # usually: Gradio takes seconds to import
            assert early.headers["retry-after"] == "1" and "starting" in early.text
        else:
            assert early.status_code == 200
        deadline = time.monotonic() + 120
        while (page := httpx.get(url + "/", timeout=30)).status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert page.status_code == 200 and "gradio" in page.text.lower()
        called = httpx.post(url + "/gradio_api/call/ask", json={"data": [IRAN, 5, "auto", None, None, None, None]}, timeout=60)
        assert called.status_code == 200 and "event_id" in called.json()
