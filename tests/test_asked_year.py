"""A question naming a year is not answered by a sentence about another year; a sentence naming
no year, or a year within the span asked about, may still answer it."""

from __future__ import annotations

import pytest

from rag.answer.asked_year import year_features, years


def test_years_are_read_in_chinese_and_english_but_not_other_numbers():
    assert years("2001年，他加盟国安；1999年他还在上海。") == [2001, 1999]
    assert years("He joined the club in 2001.") == [2001]
    assert years("全长1500米，投资2000万元。") == []


@pytest.mark.parametrize(
    "question, sentence, other",
    [
        ("2001年，他开始效力于哪个队？", "2012年，他选择加盟广东日之泉。", 1.0),
        ("2001年，他开始效力于哪个队？", "2001年，他加盟北京国安。", 0.0),
        ("2001年，他开始效力于哪个队？", "他随后加盟北京国安。", 0.0),  # names no year: may continue one about 2001
        ("1992年至1999年间，他担任了哪些职务？", "他还是协调官员（1994年至1998年）。", 0.0),  # within the span asked about
        ("他担任了哪些职务？", "2012年，他担任主任。", 0.0),  # the question names no year
        ("Which team did he join in 2001?", "In 2012 he moved to Guangdong.", 1.0),
    ],
)
def test_another_year_is_marked(question, sentence, other):
    assert year_features(question, sentence)[0] == other


@pytest.mark.parametrize(
    "question, sentence, other",
    [
        ("第二十五次会议在哪里举行？", "第二十四次会议在阿斯塔纳举行。", 1.0),  # another meeting of the series
        ("第二十四次会议在哪里举行？", "第二十四次会议在阿斯塔纳举行。", 0.0),
        ("第二十四次会议在哪里举行？", "会议在阿斯塔纳举行。", 0.0),  # names none: may be about it
        ("第3届比赛在哪里举行？", "他第二次参赛。", 0.0),  # another count (届, 次): not another edition
        ("Where was the 25th summit held?", "The 24th summit was held in Astana.", 1.0),
    ],
)
def test_another_edition_is_marked(question, sentence, other):
    assert year_features(question, sentence)[1] == other
