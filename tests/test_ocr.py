"""Real OCR: a seed page set in two columns with the CJK font, read back by the bundled
PP-OCRv4 models, ingested, and asked a dev question answered with a verbatim quote."""

from __future__ import annotations

import difflib
import time

import pytest

from rag.config import Settings
from tests.conftest import SEEDS
from tests.documents import FONT, NEWS_BODY, NEWS_TITLE, render_page, scanned_pdf

pytestmark = pytest.mark.slow
if not FONT.exists():
    pytest.skip("the CJK font is not installed (apt-get install fonts-wqy-microhei)", allow_module_level=True)

SEED_LINES = [line.strip() for line in (SEEDS / "000_68611f4037c7f0ed.txt").read_text(encoding="utf-8").splitlines() if line.strip()][:60]


def char_accuracy(truth: str, ocr: str) -> float:
    """Share of the source characters OCR reproduced in order (whitespace ignored)."""
    truth, ocr = "".join(truth.split()), "".join(ocr.split())
    matcher = difflib.SequenceMatcher(None, truth, ocr, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(truth)


@pytest.fixture(scope="module")
def ocr_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scans")
    render_page(SEED_LINES, columns=2).save(folder / "page1.png")
    return folder


def test_rendered_seed_page_is_read_in_column_order_with_high_character_accuracy(ocr_folder):
    from rag.ingest.readers.ocr import load_image, ocr_lines, page_text

    started = time.perf_counter()
    text = page_text(ocr_lines(load_image((ocr_folder / "page1.png").read_bytes())))
    seconds = time.perf_counter() - started
    accuracy = char_accuracy("".join(SEED_LINES), text)
    print(f"\nOCR character accuracy on a rendered seed page: {accuracy:.4f} ({len(''.join(SEED_LINES))} chars, {seconds:.1f} s)")
    assert accuracy >= 0.97
    # column order: the first column ends before the second begins (accuracy counts in-order matches too)
    flat = "".join(text.split())
    assert 0 <= flat.find("".join(SEED_LINES[29].split())[-4:]) < flat.find("".join(SEED_LINES[30].split())[:4])


def test_ocr_page_is_ingested_and_a_dev_question_is_answered_with_a_verbatim_quote(ocr_folder, tmp_path):
    from rag.pipeline import ask, read_collection

    settings = Settings(seeds_dir=ocr_folder, index_dir=tmp_path / "vs", embed_model="not-a-real-org/no-such-model")
    articles, chunks = read_collection(settings)
    assert articles and all(a.doc_format == "image" and a.page == 1 for a in articles)
    answer = ask("出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？", settings=settings, generator="extractive")
    assert not answer.abstained and "穆赫贝尔" in answer.text
    texts = {a.text for a in articles}
    for citation in answer.citations:
        assert citation.quote in citation.passage.text and any(citation.passage.text in t for t in texts)
    assert any("穆赫贝尔" in c.quote for c in answer.citations)


def test_scanned_pdf_pages_go_to_ocr(tmp_path):
    from rag.ingest.readers import read_document

    lines = [NEWS_BODY[0][i : i + 16] for i in range(0, len(NEWS_BODY[0]), 16)] + [NEWS_BODY[1][i : i + 16] for i in range(0, len(NEWS_BODY[1]), 16)]
    pdf = scanned_pdf(tmp_path / "scan.pdf", [render_page([NEWS_TITLE, ""] + lines, columns=1), render_page(["第二页", "", NEWS_BODY[2][:16], NEWS_BODY[2][16:]], columns=1)])
    statuses: list[str] = []
    kind, articles, pages = read_document(pdf, progress=statuses.append)
    assert (kind, pages) == ("pdf", 2) and "OCR page 2/2" in statuses
    text = "".join(a.text for a in articles)
    assert char_accuracy(NEWS_BODY[0] + NEWS_BODY[1], "".join(a.text for a in articles if a.page == 1)) >= 0.95
    assert "总投资12亿元" in text and [a.page for a in articles][-1] == 2
