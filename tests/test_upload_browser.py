"""A real browser uploads a PDF of a news page: its status shows while it works, it becomes
answerable without a restart, and deleting it removes it from answers."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.conftest import SEEDS
from tests.documents import FONT, NEWS_HTML, render_page
from tests.test_browser import CHROMIUM, SCREENSHOTS, _ask

pytestmark = [pytest.mark.browser, pytest.mark.slow]
QUESTION = "聊城港口扩建工程总投资多少？"
if not FONT.exists():
    pytest.skip("the CJK font is not installed (apt-get install fonts-wqy-microhei)", allow_module_level=True)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    from rag.config import Settings
    from rag.pipeline import build_index
    from rag.web.server import ServerThread, create_app
    from tests.helpers import free_port

    root = tmp_path_factory.mktemp("upload_app")
    shutil.copytree(SEEDS, root / "seeds")  # the app writes into its default collection: never the repo's seeds
    settings = Settings(seeds_dir=root / "seeds", index_dir=root / "vs", collections_dir=root / "collections", embed_model="not-a-real-org/no-such-model")
    build_index(settings, progress=False)
    with ServerThread(create_app(settings), free_port()) as url:
        yield url + "/"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


def test_uploaded_pdf_is_answerable_then_deleted(app_url, browser, tmp_path):
    printer = browser.new_page()
    # Thirty pages (the news page, then filler pages), so the work spans several refreshes of the panel.
    filler = "".join(f'<div style="page-break-before: always"><p>第{i}页 聊城新闻要闻摘编，本版内容供读者参阅。</p></div>' for i in range(2, 31))
    printer.set_content(NEWS_HTML.replace("</body>", filler + "</body>") if "</body>" in NEWS_HTML else NEWS_HTML + filler)
    pdf = tmp_path / "news_page.pdf"
    printer.pdf(path=str(pdf), format="A4")  # Chromium's own print: a PDF with a text layer, as users save pages
    printer.close()

    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    assert "港口" not in _answer(page, QUESTION)
    # Record every status the panel shows while the document is worked on.
    page.evaluate("""() => { window.__seen = []; const el = document.querySelector('#documents');
        new MutationObserver(() => window.__seen.push(el.innerText)).observe(el, {subtree: true, childList: true, characterData: true}); }""")
    # A scanned page goes first: while OCR reads it (seconds), the PDF waits in the queue, so the
    # panel has work to show however fast this machine reads a text PDF.
    scan = tmp_path / "scan_page.png"
    seed_lines = [line.strip() for line in (SEEDS / "000_68611f4037c7f0ed.txt").read_text(encoding="utf-8").splitlines() if line.strip()][:60]
    render_page(seed_lines, columns=2).save(scan)
    page.set_input_files("#upload input[type=file]", [str(scan), str(pdf)])
    page.wait_for_function("() => { const r = document.querySelector('#documents tr[data-doc=\"news_page.pdf\"]'); return r && r.innerText.includes('indexed'); }", timeout=120_000)
    seen = " ".join(page.evaluate("window.__seen"))
    assert "queued" in seen and any(word in seen for word in ("reading", "OCR page", "indexing")), seen
    row = page.locator('#documents tr[data-doc="news_page.pdf"]').inner_text()
    assert "indexed" in row and " psg" in row, row
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "upload_indexed.png"), full_page=True)

    reply = _answer(page, QUESTION)  # no restart: the same server answers from the new document
    assert "12亿元" in reply, reply

    page.click("#delete-doc input")
    page.keyboard.type("news_page")
    page.locator("#delete-doc li[data-testid=dropdown-option]", has_text="news_page.pdf").first.click()
    page.click("#delete")
    page.wait_for_function("() => !document.querySelector('#documents tr[data-doc=\"news_page.pdf\"]')", timeout=60_000)
    time.sleep(0.5)
    assert "12亿元" not in _answer(page, QUESTION)


def _answer(page, question: str) -> str:
    _ask(page, question)
    return page.locator("#chat .message.bot").last.inner_text()
