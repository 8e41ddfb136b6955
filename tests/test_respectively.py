"""分别 "respectively" pairs the values after it with the things before it, in order
(rag.answer.respectively), on short synthetic sentences written for the rule."""

from __future__ import annotations

from rag.answer.question import analyze
from rag.answer.respectively import respective_values
from rag.answer.spans import candidates


def _kept(question: str, sentence: str) -> set[str]:
    spans = candidates(sentence)
    return {spans[i].text for i in respective_values(analyze(question), sentence, spans, list(range(len(spans))))}


def test_the_value_in_the_place_of_the_thing_asked_about_is_kept():
    sentence = "车队及集装箱分别到达东港和西港，准备完毕。"
    kept = _kept("集装箱到达了哪个港口？", sentence)
    assert "西港" in kept and "东港" not in kept
    kept = _kept("车队到达了哪个港口？", sentence)
    assert "东港" in kept and "西港" not in kept
    assert not any("东港" in text and "西港" in text for text in _kept("车队到达了哪个港口？", sentence))  # the list names no one port


def test_things_in_clauses_before_it_pair_with_its_values_too():
    sentence = "截至5月底，甲厂产量120万吨，乙厂产量80万吨，分别增长12%、9%。"
    kept = _kept("乙厂产量增长了多少？", sentence)
    assert "9%" in kept and "12%" not in kept
    assert "120万吨" not in kept  # the other thing's own value goes too
    assert "80万吨" in kept


def test_nothing_changes_when_the_question_names_no_single_thing_or_nothing_is_paired():
    sentence = "甲厂和乙厂分别增长12%、9%。"
    assert {"12%", "9%"} <= _kept("两家工厂增长了多少？", sentence)  # names neither
    assert {"12%", "9%"} <= _kept("甲厂和乙厂增长了多少？", sentence)  # names both
    plain = "甲厂增长12%，乙厂增长9%。"
    assert {"12%", "9%"} <= _kept("乙厂增长了多少？", plain)  # no 分别: other rules decide
    assert {"12%", "9%", "5%"} <= _kept("乙厂增长了多少？", "甲厂和乙厂分别增长12%、9%和5%。")  # three values, two things


def test_the_thing_is_read_off_the_clause_holding_the_question_word_not_the_setting():
    """The setting before the comma ("…开港仪式上，") repeats the first thing's words; the
    clause asking names the second."""
    kept = _kept("东港开港仪式上，集装箱到达了哪个港口？", "东港开港仪式的车队及集装箱分别到达北港和西港。")
    assert "西港" in kept and "北港" not in kept


def test_a_word_holding_a_character_that_can_join_things_parts_nothing():
    """同 can join things ("A同B"), but in 共同 "joint" it begins no second item."""
    kept = _kept("乙厂向基金投入了多少？", "甲厂和乙厂分别向共同基金投入10亿元、8亿元。")
    assert "8亿元" in kept and "10亿元" not in kept
