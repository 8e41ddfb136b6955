"""Short answers on the real seed index (offline BM25 path): a question asking for a value
(also in English) is headed by it, an office's holder is named, the question's own words never
head a reply, and a distance no article prints is not answered."""

from __future__ import annotations

import pytest

from rag import ask


@pytest.mark.parametrize(
    "question, value",
    [
        # Dates and amounts have their own headline threshold; English names are still quoted alone.
        ("In which year did China open the direct air route for importing pine nuts from Afghanistan?", "2018年"),
        ("How many fighter jets escorted Xi Jinping's plane over Astana?", "3架"),
        ("What is the diameter of each ring of the Olympic rings on the Eiffel Tower?", "9米"),
        ("In which year did Afghanistan become an SCO observer state?", "2012年"),
        ("可再生能源装机容量占总装机的百分之几？", "26%"),  # 百分之几 is one question word
        ("2023年聊城植树造林面积是多少亩？", "4400余亩"),  # the article says 造林, half of 植树造林
        ("2023年前三季度聊城的GDP增长了多少？", "6.1%"),  # "2023年前三季度，" places its clause; 8.9% is of 1-11月份
        ("How many person-times of training has the SCO Economic and Trade College delivered?", "1.5万余人次"),  # 人次, not 200个 班次
    ],
)
def test_a_question_asking_for_a_value_is_headed_by_it(offline_index, question, value):
    answer = ask(question, settings=offline_index, generator="extractive")
    assert not answer.abstained
    assert answer.text.splitlines()[0].startswith(value)


def test_an_office_glued_to_its_body_by_the_tokenizer_is_answered_by_its_holder(offline_index):
    answer = ask("聊城市工业和信息化局局长叫什么名字？", settings=offline_index, generator="extractive")
    assert answer.text.splitlines()[0].startswith("解志超")


def test_the_question_s_own_words_never_head_the_reply(offline_index):
    answer = ask("第二届中国－中亚峰会将于2025年在哪个国家举行？", settings=offline_index, generator="extractive")
    assert answer.text.splitlines()[0].startswith("哈萨克斯坦")


def test_a_distance_no_article_prints_is_not_answered(offline_index):
    """The train's route is described, its length in 公里 never: a count or a date is no answer."""
    answer = ask("X9043次中欧班列从西安到巴库全程有多少公里？", settings=offline_index, generator="extractive")
    assert answer.abstained
