"""What the clause around a candidate says, checked on short synthetic sentences written for
each rule: a clause that only names a time places the clause after it, and a question word
every item of a list prints singles no item out."""

from __future__ import annotations

import pytest

from rag.answer.clauses import clause_around, time_openers
from rag.answer.features import SPAN_FEATURES, span_rows
from rag.answer.matching import same_length_fold, term_positions
from rag.answer.question import analyze
from rag.answer.spans import candidates
from rag.answer.words import tag_words


def _clause_of(sentence: str, value: str) -> str:
    start = sentence.index(value)
    openers = time_openers(same_length_fold(sentence), tag_words(sentence))
    return sentence[slice(*clause_around(sentence, start, start + len(value), openers))]


@pytest.mark.parametrize(
    "sentence, value, clause",
    [
        ("2021年上半年，甲县产值增长6%，高于全省1个百分点。", "6%", "2021年上半年，甲县产值增长6%"),
        ("截至3月底，乙市装机120万千瓦。", "120万千瓦", "截至3月底，乙市装机120万千瓦"),
        ("1-9月份，丙县收入增长4%、投资增长5%。", "5%", "1-9月份，丙县收入增长4%、投资增长5%"),
    ],
)
def test_a_clause_naming_only_a_time_places_the_clause_after_it(sentence: str, value: str, clause: str) -> None:
    """"2021年上半年，" says when what follows happened: the value's clause includes it."""
    assert _clause_of(sentence, value) == clause


def test_a_clause_with_its_own_verb_or_value_stays_apart() -> None:
    """"2020年增长5%，" states a fact of its own: the next clause is not placed in 2020."""
    sentence = "2020年增长5%，2021年增长7%。"
    assert _clause_of(sentence, "7%") == "2021年增长7%"
    assert _clause_of("去年他当选主席，今年增长3%。", "3%") == "今年增长3%"


def test_a_value_in_a_clause_about_another_time_is_marked_through_its_opening_time() -> None:
    """Asked about 2021年上半年, the value after "1-9月份，" is about other months."""
    question = analyze("2021年上半年甲县产值增长了多少？")
    sentence = "2021年上半年，甲县产值增长6%；1-9月份，甲县投资增长9%。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    other = {s.text: rows[i, SPAN_FEATURES.index("other_time")] for i, s in enumerate(spans)}
    assert other["9%"] == 1.0 and other["6%"] == 0.0


def test_a_question_word_every_list_item_prints_singles_none_out() -> None:
    """Asking 哪位总统 of a list of presidents, 总统 is in each item: no item holds the question
    word more than another; a word only one item prints (乙国) still marks that item."""
    sentence = "甲国总统张三主持会议，乙国总统李四、丙国总统王五等参加。"
    spans = candidates(sentence)

    def marked(text: str) -> set[str]:
        question = analyze(text)
        rows = span_rows(question, sentence, spans, term_positions(question, sentence))
        return {s.text for i, s in enumerate(spans) if rows[i, SPAN_FEATURES.index("item_term")]}

    assert not {"李四", "王五"} & marked("哪位总统主持了会议？")
    assert "李四" in marked("乙国总统是谁？") and "王五" not in marked("乙国总统是谁？")
