"""A real browser never loads anything a user's text names (issue 17, item 8): Markdown
images and links in questions render as text, and the Content-Security-Policy blocks remote
images and scripts even if markup got through. A second loopback server counts requests."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.test_browser import CHROMIUM, _ask

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def tracker():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def page(live_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        page = browser.new_page()
        page.goto(live_app, wait_until="domcontentloaded")
        page.wait_for_selector("#question textarea", timeout=60_000)
        yield page
        browser.close()


def test_markdown_images_and_links_in_a_question_load_nothing(page, tracker):
    _Counter.hits.clear()
    question = f"![x]({tracker}/user_q.png) [link]({tracker}/link) <{tracker}/auto> 聊城援青管理组实施了多少项新技术？"
    _ask(page, question)
    time.sleep(1.0)
    user = page.locator("#chat .message.user").last
    assert "![x]" in user.inner_text()  # shown as the text that was typed
    assert user.locator("img").count() == 0 and user.locator("a").count() == 0
    assert _Counter.hits == []


def test_the_content_security_policy_blocks_remote_images_and_scripts(page, tracker):
    _Counter.hits.clear()
    page.evaluate(
        """base => { const img = document.createElement('img'); img.src = base + '/injected.png'; document.body.appendChild(img);
                     const s = document.createElement('script'); s.src = base + '/injected.js'; document.body.appendChild(s); }""",
        tracker,
    )
    time.sleep(1.0)
    assert _Counter.hits == []  # markup that slipped through still could not call out


def test_security_headers_are_sent(live_app):
    headers = httpx.get(live_app, timeout=30).headers
    policy = headers["content-security-policy"]
    assert "img-src 'self' data: blob:" in policy and "frame-ancestors 'none'" in policy and "script-src 'self' 'unsafe-inline' 'unsafe-eval';" in policy
    assert headers["x-frame-options"] == "DENY"
