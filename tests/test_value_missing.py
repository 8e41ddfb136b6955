"""A question asking for a value in given units (an amount of money, a distance, a year) is
declined when the best sentence states none (rag.answer.extractive), as is one asking for a
place by its kind (哪座城市) when it names none, unless the sentence beside it states the value;
on short synthetic sentences written for each rule."""

from __future__ import annotations

import re

from rag.answer.evidence import Evidence
from rag.answer.unstated import named_value_missing, quantity_missing
from rag.answer.question import analyze
from rag.answer.spans import Span
from tests.test_answer_generalize import _evidence


def test_an_amount_of_money_is_answered_only_by_an_amount_of_money():
    no_value = _evidence("机场已具备立项条件，在建高速5条。", 0.9)
    with_value = Evidence(0, 0, 10, "机场总投资120亿元。", 0.9, Span("120亿元", 5, 10, "quantity", 1), 0.9)
    money = analyze("新机场的总投资是多少亿元？")
    assert quantity_missing(money, no_value) and not quantity_missing(money, with_value)
    # A counting unit is no such test: 几个孩子 is answered by "育有3名子女".
    assert not quantity_missing(analyze("他有几个孩子？"), no_value)
    # Nor is its English counterpart, though it sets the units a count is stated in.
    times = analyze("How many times has he visited Kazakhstan?")
    assert re.fullmatch(f"(?:{times.value_units})", "次") and re.fullmatch(f"(?:{times.value_units})", "twice")
    assert not quantity_missing(times, no_value)


def test_which_year_is_answered_only_by_a_sentence_stating_a_date():
    no_date = _evidence("积极办好海北班，现有120名学子在本市就读。", 0.9)
    dated = Evidence(0, 0, 12, "海北班于2016年开办。", 0.9, Span("2016年", 4, 9, "date", 1), 0.9)
    assert named_value_missing(analyze("海北班是哪一年开办的？"), no_date) and not named_value_missing(analyze("海北班是哪一年开办的？"), dated)
    assert named_value_missing(analyze("In what year was the class opened?"), no_date)
    assert named_value_missing(analyze("海北班是哪一天开班的？"), no_date) and not named_value_missing(analyze("海北班是哪一天开班的？"), dated)
    # 何时 may be answered by an event ("四国征伐后"), 哪一年级 asks for a grade.
    assert not named_value_missing(analyze("海北班是何时开办的？"), no_date)
    assert not named_value_missing(analyze("他读哪一年级？"), no_date)


def test_a_place_asked_for_by_its_kind_is_answered_only_by_a_sentence_naming_one():
    """在新疆哪座城市 asks for a city: a sentence naming the region and the visitors' countries
    (no candidate of that kind) does not say it, while 在哪里 may be answered by the region."""
    region = _evidence("春令营在新疆开营，来自俄罗斯、哈萨克斯坦等国家的学生参加。", 0.9)
    named = Evidence(0, 0, 10, "春令营在喀什开营。", 0.9, Span("喀什", 4, 6, "place", 1), 0.9)
    city = analyze("春令营是在新疆哪座城市开营的？")
    assert named_value_missing(city, region) and not named_value_missing(city, named)
    assert not named_value_missing(analyze("春令营在哪里开营？"), region)


def test_a_physical_measure_is_answered_only_by_a_value_in_its_units():
    """多少公里 asks for a distance: a sentence about the train that prints none does not say it."""
    no_value = _evidence("X9043次中欧班列从西安国际港站开出，将由霍尔果斯铁路口岸出境。", 0.9)
    with_value = Evidence(0, 0, 12, "全程约4000公里。", 0.9, Span("约4000公里", 2, 9, "quantity", 1), 0.9)
    distance = analyze("班列从西安到巴库全程有多少公里？")
    assert quantity_missing(distance, no_value) and not quantity_missing(distance, with_value)
    assert not quantity_missing(analyze("班列一天开几趟？"), _evidence("班列一日一班，常态化开行。", 0.9))  # a count


def test_the_sentence_beside_that_states_the_value_answers_a_value_question():
    """"X是…示范区。" names the place, the next sentence states its area with a shorter name
    ("在合作中心5.6平方公里的…"); retrieval may cut them into neighbouring passages. Asked for
    the area, the sentence stating it answers first; a sentence of another article does not."""
    from rag.answer.extractive import _value_beside
    from rag.schema import Passage

    first, second = "东湖合作中心是本地区的合作示范区。", "在合作中心5.6平方公里的区域内，公民免签出入。"
    passages = [
        Passage("a#0", "a.txt", "A", first, 0, len(first), 1.0),
        Passage("a#1", "a.txt", "A", "\n" + second, len(first), len(first) + 1 + len(second), 0.9),
        Passage("b#0", "b.txt", "B", second, 0, len(second), 0.8),
    ]
    area = Span("5.6平方公里", 5, 13, "quantity", 1)
    named = Evidence(0, 0, len(first), first, 0.8)
    beside = Evidence(1, 1, 1 + len(second), second, 0.5, area, 0.9)
    elsewhere = Evidence(2, 0, len(second), second, 0.5, area, 0.9)
    question = analyze("东湖合作中心的面积是多少？")
    assert _value_beside(question, [named, beside], passages)[0] is beside
    assert _value_beside(question, [named, elsewhere], passages)[0] is named
    # Rated under half as likely as the best sentence, it is not taken.
    unlikely = Evidence(1, 1, 1 + len(second), second, 0.3, area, 0.9)
    assert _value_beside(question, [named, unlikely], passages)[0] is named
    # Likewise the sentence before, naming the province "这里" stands for, answers 哪个省.
    where, here = "松塔产自帕克蒂亚省。", "这里出产的松子颗粒饱满。"
    passages = [Passage("c#0", "c.txt", "C", where + here, 0, len(where + here), 1.0)]
    province = Evidence(0, 0, len(where), where, 0.5, Span("帕克蒂亚省", 4, 9, "place", 1), 0.9)
    pointing = Evidence(0, len(where), len(where + here), here, 0.8)
    assert _value_beside(analyze("那种松子产自哪个省？"), [pointing, province], passages)[0] is province
