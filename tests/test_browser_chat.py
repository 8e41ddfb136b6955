"""A real browser (Chromium through Playwright) on the whole server: the answer streams in
visibly, conversations are listed and reopen after a reload, a tapped citation shows its
quote and brings its source card into view, and an empty question gets a hint, not a bubble.

The answerer is an OpenAI-compatible fake LLM that sends its first words, then waits until
the test has seen them: no timing decides whether streaming was observed."""

from __future__ import annotations

import threading

import pytest

from tests.fake_openai import FakeChatServer
from tests.test_browser import CHROMIUM, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
IRAN = "出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？"
BOT = "#chat .message.bot"
GATE = threading.Event()


@pytest.fixture(scope="module")
def app_url(offline_index, tmp_path_factory):
    from rag.web.server import ServerThread, create_app
    from tests.helpers import free_port

    state = tmp_path_factory.mktemp("browser_chat")
    with FakeChatServer(chunks=["伊朗代理总统是", "穆赫贝尔[1]。"], gate=GATE, gate_after=1) as llm:
        settings = offline_index.with_overrides(
            conversations_db=state / "conversations.sqlite3", collections_dir=state / "collections", openai_base_url=llm.base_url, openai_model="fake-llm",
        )
        with ServerThread(create_app(settings), free_port()) as url:
            yield url + "/"
        GATE.set()  # never leave a request waiting


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, has_touch=True)  # taps, as on a phone or tablet
        page = context.new_page()
        page.goto(app_url, wait_until="domcontentloaded")
        page.wait_for_selector("#question textarea", timeout=60_000)
        yield page
        browser.close()


def _last_bot(page):  # type: ignore[no-untyped-def]
    return page.locator(BOT).last


def test_streaming_text_appears_before_the_answer_completes(page):
    assert page.locator("#model input, #model textarea").first.input_value() == "fake-llm"  # the settings panel offers the model
    page.fill("#question textarea", IRAN)
    page.click("#ask")
    # Half the answer, still streaming: the LLM is held back until the test has seen it.
    page.wait_for_function(f"() => {{ const m = document.querySelectorAll('{BOT}'); const last = m[m.length - 1]; return last && last.innerText.includes('伊朗代理总统是'); }}", timeout=60_000)
    partial = _last_bot(page)
    assert "穆赫贝尔" not in partial.inner_text() and partial.locator(".cursor").count() == 1 and partial.locator(".generator").count() == 0
    page.screenshot(path=str(_shots() / "chat_streaming.png"))
    GATE.set()
    page.wait_for_function(f"() => {{ const m = document.querySelectorAll('{BOT}'); return m.length && m[m.length - 1].querySelector('.generator') !== null; }}", timeout=60_000)
    final = _last_bot(page)
    assert "穆赫贝尔" in final.inner_text() and "openai" in final.locator(".generator").inner_text()
    assert final.locator("a.cite").count() >= 1 and final.locator(".cursor").count() == 0


def test_tapping_a_citation_shows_its_quote_and_the_whole_source_card(page):
    answer = _last_bot(page)
    marker = answer.locator("a.cite").first
    card_id = marker.get_attribute("href").lstrip("#")
    quote = answer.locator(".cite-quote").first
    assert not quote.is_visible()  # closed until tapped: hover is not needed
    # A short screen (a phone held sideways): the marker is on screen, its source card below
    # it is not. Playwright taps without scrolling an element that is already visible.
    page.set_viewport_size({"width": 1280, "height": 500})
    page.evaluate("() => { window.scrollTo(0, 0); document.querySelectorAll('#chat *').forEach(e => { e.scrollTop = 0; }); }")
    assert marker.evaluate("m => m.getBoundingClientRect().bottom < window.innerHeight") and not _fully_visible(page, card_id)
    marker.tap()
    assert quote.is_visible() and "穆赫贝尔" in quote.inner_text()
    page.wait_for_function(_VISIBLE_JS, arg=card_id, timeout=10_000)
    page.screenshot(path=str(_shots() / "chat_citation_tapped.png"))
    marker.tap()
    assert not quote.is_visible()  # a second tap closes it
    page.set_viewport_size({"width": 1280, "height": 900})


def test_conversations_are_listed_and_reopen_after_a_reload(page):
    entries = page.locator("#conversations label")
    assert entries.count() == 1 and IRAN[:20] in entries.first.inner_text()
    page.reload(wait_until="domcontentloaded")
    page.wait_for_function(f"() => {{ const m = document.querySelectorAll('{BOT}'); return m.length && m[m.length - 1].innerText.includes('穆赫贝尔'); }}", timeout=60_000)
    assert page.locator("#chat .message.user").count() == 1 and IRAN in page.locator("#chat .message.user").first.inner_text()
    assert page.locator("#conversations input:checked").count() == 1  # the open one is selected in the list
    # A new conversation, then back to the first one from the list.
    page.click("#new-conversation")
    page.wait_for_function(f"() => document.querySelectorAll('{BOT}').length === 0", timeout=30_000)
    page.fill("#question textarea", "聊城援青管理组实施了多少项新技术？")
    page.click("#ask")
    page.wait_for_function("() => document.querySelectorAll('#conversations label').length === 2", timeout=60_000)
    page.wait_for_function(f"() => {{ const m = document.querySelectorAll('{BOT}'); return m.length && m[m.length - 1].querySelector('.generator') !== null; }}", timeout=60_000)
    page.locator("#conversations label", has_text=IRAN[:20]).click()
    page.wait_for_function("() => { const m = document.querySelectorAll('#chat .message.user'); return m.length === 1 && m[0].innerText.includes('伊朗'); }", timeout=30_000)
    page.screenshot(path=str(_shots() / "chat_conversations.png"))


def test_an_empty_question_gets_a_hint_and_no_bubble(page):
    before = page.locator("#chat .message").count()
    for question, hint in [("", "请输入问题"), ("？！", "没有可以检索的文字"), ("<b></b>", "请输入问题")]:
        page.fill("#question textarea", question)
        page.click("#ask")
        page.wait_for_function("hint => document.querySelector('#hint').innerText.includes(hint)", arg=hint, timeout=30_000)
        assert page.locator("#chat .message").count() == before  # no answer bubble, no "…" bubble
    page.screenshot(path=str(_shots() / "chat_empty_question_hint.png"))


_VISIBLE_JS = """id => {
  const card = document.getElementById(id);
  if (!card) return false;
  const c = card.getBoundingClientRect();
  let box = {top: 0, bottom: window.innerHeight};
  for (let el = card.parentElement; el; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) { box = el.getBoundingClientRect(); break; }
  }
  return c.top >= box.top - 1 && c.bottom <= box.bottom + 1 && c.top >= 0 && c.bottom <= window.innerHeight;
}"""


def _fully_visible(page, card_id: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate(_VISIBLE_JS, card_id))


def _shots():  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
