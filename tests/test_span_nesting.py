"""Candidates nested in one another (rag.answer.nesting): a clause that merely holds the
answer is told from the answer, on short synthetic sentences written for the rule."""

from __future__ import annotations

from rag.answer.features import SPAN_FEATURES, span_rows
from rag.answer.matching import term_positions
from rag.answer.question import analyze
from rag.answer.spans import candidates


def _features(question: str, sentence: str) -> dict[str, dict[str, float]]:
    q = analyze(question)
    spans = candidates(sentence)
    rows = span_rows(q, sentence, spans, term_positions(q, sentence))
    names = ("holds_framed", "framed_vs_held", "holds_typed", "left_frame")
    return {s.text: {n: rows[i, SPAN_FEATURES.index(n)] for n in names} for i, s in enumerate(spans)}


def test_a_clause_holding_the_framed_name_is_marked_as_holding_it():
    """原名 frames the name after it; the clause around the name holds that framed name and
    fits the frame worse than it, the name itself does not."""
    found = _features("这座车站的原名是什么？", "这座车站原名东山站，后来因线路调整改为现名。")
    clause = next(v for text, v in found.items() if text.startswith("这座车站原名东山站") and len(text) > 9)
    assert found["东山站"]["left_frame"] > 0
    assert clause["holds_framed"] == found["东山站"]["left_frame"]
    assert clause["framed_vs_held"] < 0 <= found["东山站"]["framed_vs_held"]


def test_a_clause_holding_a_value_of_the_kind_asked_for_is_marked():
    """For a when-question, a clause holding a date holds a value of the kind asked for; the
    date itself holds none."""
    found = _features("他是什么时候进入公司的？", "他于1981年进入公司任职，负责软件开发。")
    assert found["1981年"]["holds_typed"] == 0.0
    assert max(v["holds_typed"] for text, v in found.items() if "1981年" in text and text != "1981年") == 1.0
