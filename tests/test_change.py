"""How much a quantity rose or fell is the amount after a word of change in that direction
(rag.answer.change), on short synthetic sentences written for the rule."""

from __future__ import annotations

import pytest

from rag.answer.change import asked_change, changed_by
from rag.answer.spans import candidates


@pytest.mark.parametrize(
    "question, direction",
    [
        ("今年产量比去年涨了多少？", "rise"),
        ("出口额增长了百分之几？", "rise"),
        ("利润的增幅是多少？", "rise"),
        ("人口下降了多少？", "fall"),
        ("能耗降低了几个百分点？", "fall"),
        ("今年产量是多少？", ""),  # its level, not a change
        ("工厂有多少名员工？", ""),
    ],
)
def test_a_question_asking_how_much_something_changed_says_which_way(question, direction):
    assert asked_change(question) == direction


def _kept(direction: str, sentence: str) -> set[str]:
    spans = candidates(sentence)
    values = [i for i, s in enumerate(spans) if s.type in ("quantity", "percent", "number")]
    return {spans[i].text for i in changed_by(direction, sentence, spans, values)}


def test_the_amount_after_a_word_of_change_is_kept_not_the_level_beside_it():
    sentence = "全年发电量27.97亿千瓦时，同比增长19.48%。"
    assert _kept("rise", sentence) == {"19.48%"}
    assert _kept("rise", "产量120万吨和80万吨，分别增长12%、9%。") == {"12%", "9%"}  # a list after the word
    assert _kept("fall", "收入增长5%，成本下降3%。") == {"3%"}  # the direction asked


def test_what_it_rose_to_is_no_change_and_no_word_of_change_keeps_everything():
    assert "500万人" not in _kept("rise", "游客增长到500万人，比上年多20万人，增长4%。")
    assert _kept("rise", "全年发电量27.97亿千瓦时，装机455.97万千瓦。") == {"27.97亿千瓦时", "455.97万千瓦"}
    assert _kept("", "全年发电量27.97亿千瓦时，同比增长19.48%。") == {"27.97亿千瓦时", "19.48%"}  # not asked
