"""Bounded inputs and requests (issue 17, items 1, 6 and 9): no user can stall the others,
send unbounded bodies or uploads, or fill the server log with tracebacks."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from rag.pipeline import ask

HUGE_TURN = "哈萨克斯坦" * 200_000  # a million characters
FOLLOW_UP = "那塔吉克斯坦呢？"
SIMPLE = "聊城援青管理组实施了多少项新技术？"


def _timed(fn, limit: float):  # type: ignore[no-untyped-def]
    """Run fn in a thread; fail (without waiting for it) when it takes longer than limit."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(fn()), daemon=True)
    started = time.perf_counter()
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"still running after {limit} s"
    return result[0], time.perf_counter() - started


# --- item 1: bounded inputs through rag.ask ---------------------------------------------------


@pytest.mark.parametrize("history", [
    [{"role": "user", "content": HUGE_TURN}],
    [{"role": "user", "content": "哈萨克斯坦总统是谁？"}, {"role": "assistant", "content": HUGE_TURN}],
    [{"role": "user", "content": f"第{i}个问题：哈萨克斯坦呢？"} for i in range(10_000)],
    [["哈萨克斯坦" * 2000, "x"]] * 500,
])
def test_no_history_can_make_a_question_slow(offline_index, history):
    answer, elapsed = _timed(lambda: ask(FOLLOW_UP, history=history, settings=offline_index), limit=10)
    assert answer.text and elapsed < 10
    assert all(len(n) < 3000 for n in answer.notes)  # the rewritten question is bounded too


def test_follow_ups_still_read_the_conversation(offline_index):
    history = [{"role": "user", "content": "中方决定在哈萨克斯坦开设第几家鲁班工坊？"}, {"role": "assistant", "content": "第二家[1]"}]
    answer = ask(FOLLOW_UP, history=history, settings=offline_index)
    assert any("follow-up read as" in n and "塔吉克斯坦" in n for n in answer.notes)


@pytest.mark.parametrize("kwargs, words", [
    ({"history": 123}, "history must be a list"),
    ({"history": "hello"}, "history must be a list"),
    ({"k": "abc"}, "k:"),
    ({"k": 0}, "k:"),
    ({"k": -1}, "k:"),
    ({"k": 10**9}, "k:"),
])
def test_bad_arguments_get_a_clear_message(offline_index, kwargs, words):
    with pytest.raises(ValueError) as caught:
        ask(SIMPLE, settings=offline_index, **kwargs)
    assert words in str(caught.value) and "pydantic" not in str(caught.value) and "errors.pydantic.dev" not in str(caught.value)


# --- items 1, 6 and 9 through a real server on loopback ---------------------------------------


def _client(live_app):  # type: ignore[no-untyped-def]
    from gradio_client import Client

    return Client(live_app, verbose=False)


def _reply(chat) -> str:  # type: ignore[no-untyped-def]
    content = chat[-1]["content"]
    return "".join(p.get("text", "") for p in content) if isinstance(content, list) else str(content)


@pytest.mark.slow
def test_a_refused_question_stays_out_of_the_conversation(live_app):
    client = _client(live_app)
    chat, *rest = client.predict("哈萨克斯坦" * 20_000, 5, "auto", api_name="/ask")
    assert "太长" in rest[4] and chat == []  # the hint under the box
    (chat, *_rest), elapsed = _timed(lambda: client.predict(FOLLOW_UP, 5, "auto", api_name="/ask"), limit=10)
    status = _rest[1]
    assert elapsed < 5 and "哈萨克斯坦哈萨克斯坦" not in status


@pytest.mark.slow
def test_sessions_sending_huge_questions_do_not_stall_another_user(live_app):
    def abuse() -> None:
        client = _client(live_app)
        for _ in range(2):
            client.predict("哈萨克斯坦" * 20_000, 5, "auto", api_name="/ask")
            client.predict(FOLLOW_UP, 5, "auto", api_name="/ask")

    abusers = [threading.Thread(target=abuse, daemon=True) for _ in range(4)]
    for thread in abusers:
        thread.start()
    time.sleep(0.3)
    (chat, *_), elapsed = _timed(lambda: _client(live_app).predict(SIMPLE, 5, "auto", api_name="/ask"), limit=20)
    for thread in abusers:
        thread.join(60)
    assert "44项" in _reply(chat) and elapsed < 5


def _api(live_app: str) -> str:
    return live_app.rstrip("/") + "/gradio_api"


@pytest.mark.slow
@pytest.mark.parametrize("how", ["declared", "chunked"])
def test_oversized_request_bodies_are_refused_with_a_message(live_app, how):
    body = b'{"data": ["' + b"a" * 5_000_000 + b'", 5, "auto", null, null, null]}'
    if how == "declared":
        response = httpx.post(_api(live_app) + "/call/ask", content=body, headers={"content-type": "application/json"}, timeout=30)
    else:
        pieces = (body[i : i + 65536] for i in range(0, len(body), 65536))  # no Content-Length
        response = httpx.post(_api(live_app) + "/call/ask", content=pieces, headers={"content-type": "application/json"}, timeout=30)
    assert response.status_code == 413
    assert "request too large" in response.json()["error"] and "limit is 1.0 MB" in response.json()["error"]
    chat, *_ = _client(live_app).predict(SIMPLE, 5, "auto", api_name="/ask")  # the server carries on
    assert "44项" in _reply(chat)


@pytest.mark.slow
def test_uploads_are_limited(live_app, offline_index):
    per_file = offline_index.max_upload_mb * 1024 * 1024
    host, port = httpx.URL(live_app).host, httpx.URL(live_app).port
    with socket.create_connection((host, port), timeout=30) as sock:  # announce 11 files' worth, send nothing
        sock.sendall(f"POST /gradio_api/upload HTTP/1.1\r\nHost: {host}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {per_file * 11}\r\n\r\n".encode())
        reply = ""
        while "}" not in reply:  # the JSON message follows the headers
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk.decode("utf-8", "replace")
    assert reply.startswith("HTTP/1.1 413") and "request too large" in reply  # refused before any of it is read
    one_too_big = httpx.post(_api(live_app) + "/upload", files={"files": ("a.txt", b"x" * (per_file + 1000))}, timeout=120)
    assert one_too_big.status_code in (400, 413)  # Gradio's max_file_size, set from max_upload_mb


@pytest.mark.slow
def test_what_a_session_is_sent_back_is_bounded(live_app):
    client = _client(live_app)
    for n in range(24):
        chat, *_ = client.predict("？" if n % 2 else "问" * 5000, 5, "auto", api_name="/ask")
    assert len(chat) <= 40  # the chat a session keeps (and receives) has a ceiling
    assert all(len(str(m["content"])) < 20_000 for m in chat)


MALFORMED = {
    "k is text": ["问题", "abc", "auto", None, None, None, None],
    "k is zero": ["问题", 0, "auto", None, None, None, None],
    "k is negative": ["问题", -1, "auto", None, None, None, None],
    "k is huge": ["问题", 10**9, "auto", None, None, None, None],
    "k is a list": ["问题", [], "auto", None, None, None, None],
    "question is a number": [123, 5, "auto", None, None, None, None],
    "question is a chat": [[{"role": "user", "content": "x"}] * 10_000, 5, "auto", None, None, None, None],
    "unknown answerer": ["问题", 5, "rm -rf", None, None, None, None],
    "model is not text": ["问题", 5, "auto", ["qwen"] * 1000, None, None, None],
    "too many values": ["问题", 5, "auto", None, None, None, "extra", "more"],
    "too few values": ["问题"],
    "data is not a list": {"question": "问题"},
}


@pytest.mark.slow
def test_malformed_api_calls_get_a_message_and_one_log_line(live_app, caplog, capfd):
    messages = {}
    with caplog.at_level("WARNING"):
        for name, data in MALFORMED.items():
            response = httpx.post(_api(live_app) + "/call/ask", json={"data": data}, timeout=30)
            if response.status_code != 200:
                messages[name] = response.json()["error"]
                continue
            stream = httpx.get(_api(live_app) + "/call/ask/" + response.json()["event_id"], timeout=30).text
            assert "event: error" in stream, name
            messages[name] = stream
        time.sleep(0.3)
    for name, message in messages.items():
        assert message and '"error": null' not in message, name
    assert "must be a number from 1 to 10" in messages["k is text"] and "takes 7 values" in messages["too many values"]
    refusals = [r for r in caplog.records if r.name.startswith("rag.web")]
    assert len(refusals) == len(MALFORMED)  # one line per bad request
    assert all("\n" not in r.getMessage() and len(r.getMessage()) < 400 for r in refusals)
    assert "Traceback" not in capfd.readouterr().err
