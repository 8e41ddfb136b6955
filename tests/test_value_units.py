"""The units a numeric answer carries: named quantities, counts of people, a unit's other
spellings and verbal measure words, on short synthetic questions and sentences."""

from __future__ import annotations

import re

import pytest

from rag.answer.align import question_candidates
from rag.answer.lexicon import Kind
from rag.answer.question import analyze
from rag.answer.spans import candidates


@pytest.mark.parametrize(
    "question, unit_in, unit_out",
    [("门票的价格是多少？", "万元", "万人"), ("这座城市的人口是多少？", "万人", "公里"), ("湖的面积有多大？", "平方公里", "万元")],
)
def test_a_named_quantity_asks_for_its_units(question, unit_in, unit_out):
    units = analyze(question).value_units
    assert re.fullmatch(f"(?:{units})", unit_in) and not re.fullmatch(f"(?:{units})", unit_out)


def test_how_many_counts_things_and_how_much_asks_a_sum():
    """"How many companies invest" counts companies (4700多家), though investing is a money
    word; "how much … invest" and "how many dollars" still ask for a sum."""
    counted = analyze("How many companies are investing in the region?")
    assert not counted.named_quantity
    assert not (counted.value_units and re.fullmatch(f"(?:{counted.value_units})", "美元"))
    for question in ("How much did the company invest in the region?", "How many dollars did the company invest?"):
        asked = analyze(question)
        assert asked.named_quantity and re.fullmatch(f"(?:{asked.value_units})", "美元")


def test_person_times_are_counted_in_renci():
    """"How many person-times" counts visits of people: 1.5万人次, not 200个 (班次)."""
    units = analyze("How many person-times of training were delivered?").value_units
    assert re.fullmatch(f"(?:{units})", "万人次") and not re.fullmatch(f"(?:{units})", "个")


@pytest.mark.parametrize(
    "question, counted, not_counted",
    [("How many companies are investing in the region?", "4700多家", "3日"),
     ("How many power units were shut down?", "5台", "30万千瓦"),
     ("How many training places will be offered?", "1000人次", "2024年"),
     ("How many outpatient visits did the doctors handle?", "1.7万次", "3年")],  # events are counted with 次
)
def test_how_many_things_are_counted_with_measure_words(question, counted, not_counted):
    """English has no measure words; the Chinese count of the things asked for carries one
    (家, 台, 人次), which a date or a measure of power does not end in."""
    units = re.compile(f"(?:{analyze(question).value_units})$")
    assert units.search(counted) and not units.search(not_counted)


@pytest.mark.parametrize(
    "question, printed, other",
    [("How many tonnes of pine nuts were exported?", "1000多吨", "1000多家"),
     ("How many tonnes of grain were harvested?", "3万吨", "3万人"),
     ("How many hectares of forest were planted?", "4400余亩", "4400余棵"),  # an area, in the writer's unit
     ("How many mu of farmland were restored?", "4400余亩", "4400余户"),
     ("How many megawatts of wind power were added?", "350万千瓦", "350个"),
     ("How many MW of capacity were added?", "350兆瓦", "350台"),
     ("How many kilowatt-hours of electricity were generated?", "120亿千瓦时", "120亿千瓦"),  # energy, not power
     ("How many square kilometres does the city cover?", "8715平方公里", "8715公里"),
     ("How many sq km does the city cover?", "8715平方公里", "8715公里"),
     ("How many kilometres long is the railway?", "1000公里", "1000吨")],
)
def test_an_english_question_measuring_in_a_unit_takes_a_value_of_that_quantity(question, printed, other):
    """"How many tonnes" names its unit as 多少吨 does: the value is printed in a unit of mass
    (吨, 万吨, 公斤), never a count of things or another measure; and a sentence stating none
    answers nothing (the quantity is named)."""
    asked = analyze(question)
    units = re.compile(f"(?:{asked.value_units})$")
    assert units.search(printed) and not units.search(other)
    assert asked.named_quantity


@pytest.mark.parametrize(
    "question, printed",
    [("How many pounds did the project cost?", "500万英镑"),  # pounds sterling, not of weight
     ("How many people per square kilometre live in the city?", "300人"),  # a density counts people
     ("How many students major in Chinese?", "300名")],  # "major" the verb
)
def test_pounds_sterling_a_density_and_the_verb_major_are_no_unit_of_measure(question, printed):
    assert re.compile(f"(?:{analyze(question).value_units})$").search(printed)


def test_how_many_major_is_answered_by_a_count_before_da():
    """"How many major industries" asks what 几大 asks: 五大 is a count among the candidates."""
    question = analyze("How many major traditional industries is the city focusing on?")
    found = {c.text: c.type for c in question_candidates(question, "我市聚焦有色金属、绿色化工等五大传统优势产业。")}
    assert found.get("五大") == "quantity"


@pytest.mark.parametrize("question", ["How many years did the work take?", "How many square metres is the park?", "How many kilometres long is the road?"])
def test_how_many_units_of_measure_is_no_count_of_things(question):
    units = analyze(question).value_units
    assert not (units and re.fullmatch(f"(?:{units})", "家"))


@pytest.mark.parametrize(
    "question, counts",
    [("最多有多少村民上山采摘？", True), ("共有多少志愿者参加？", True), ("多少运动员参赛？", True),
     ("发生了多少事故？", False), ("有多少生产线？", False)],
)
def test_a_count_of_people_named_by_a_person_noun_is_answered_in_people(question, counts):
    """村民, 志愿者, 运动员 end in a person suffix: the count is 600多人 or 120名, not 600多吨."""
    asked = analyze(question)
    units = asked.value_units
    assert bool(units and re.fullmatch(f"(?:{units})", "人") and re.fullmatch(f"(?:{units})", "名")) == counts
    assert not (units and re.fullmatch(f"(?:{units})", "吨"))
    assert not asked.named_quantity  # a count, not a named quantity: "一半以上病人" may still answer it


def test_a_unit_asked_for_is_also_answered_in_its_other_spellings():
    """厘米, 公分 and cm are one unit; so are 米, 公尺 and m: the answer may use any of them."""
    units = analyze("这种植物全长多少厘米？").value_units
    assert all(re.search(f"(?:{units})$", value) for value in ("2厘米", "2公分", "2cm"))
    assert not re.search(f"(?:{units})$", "2公里")
    area = analyze("巴黎第四区的面积是多少？").value_units
    assert re.search(f"(?:{area})$", "1.601 km²") and not re.search(f"(?:{area})$", "1.601万人")
    assert "5 minutes" not in {c.text for c in candidates("他在5 minutes内跑完。")}  # no unit inside a word


def test_a_verbal_measure_word_counts_occurrences_like_ci():
    """几回, 几遍 and 几趟 ask how many times, as 几次 does: the count is stated in any of them."""
    for question in ("他们见过几回面？", "这本书他读了几遍？", "他去过几趟北京？"):
        units = analyze(question).value_units
        assert re.fullmatch(f"(?:{units})", "次") and not re.fullmatch(f"(?:{units})", "位")
    assert {c.text for c in candidates("两人已见过15回面。")} >= {"15回"}


@pytest.mark.parametrize(
    "question, sentence, missing",
    [
        # How many / how much: a Chinese sentence printing no numeral states no count.
        ("工作组一共派出了多少名干部？", "工作组将继续发扬实干精神，推动工作再上新台阶。", True),
        ("How many officials did the team send?", "工作组将继续发扬实干精神，推动工作再上新台阶。", True),
        # A numeral the candidates do not read as a count still may state it (第五次, 两批).
        ("他访问了哈萨克斯坦多少次？", "这是他第五次踏上哈萨克斯坦土地。", False),
        ("工作组一共派出了几批干部？", "工作组先后派出两批干部。", False),
        # A size may be told in words (影响有多大): only 多少 and 几 ask for a count.
        ("这项决定的影响有多大？", "这项决定深刻改变了当地的发展方向。", False),
        # An English sentence is left to the model (numbers are often words there).
        ("工作组一共派出了多少名干部？", "The team sent officials from every county.", False),
    ],
)
def test_a_count_question_is_not_answered_by_a_sentence_without_a_numeral(question, sentence, missing):
    from rag.answer.evidence import Evidence
    from rag.answer.unstated import quantity_missing

    best = Evidence(0, 0, len(sentence), sentence, 0.9, None, 0.0)  # no short answer of the kind asked
    assert quantity_missing(analyze(question), best) is missing


@pytest.mark.parametrize("question", ["前三季度全市生产总值增长了多少？", "By how much did the city's GDP grow in the first three quarters?"])
def test_a_growth_question_is_answered_by_the_rate_not_the_quarter(question):
    """增长了多少 and "by how much did … grow" ask for a rate; 前三季度 is the period, a date, not
    a count that could answer a how-much question."""
    from rag.answer.evidence import allowed_spans

    asked = analyze(question)
    spans = candidates("前三季度，全市生产总值增长6.1%。")
    assert asked.kind == Kind.PERCENT
    assert [spans[i].text for i in allowed_spans(asked, spans)] == ["6.1%"]


@pytest.mark.parametrize(
    "question, sentence, value",
    [
        ("主看台有多少个坐席？", "体育场可容纳6,476名观众，其中主看台有2,173个坐席。", "2,173个"),
        ("体育场可以容纳多少名观众？", "体育场可以容纳6,476名观众，其中主看台有2,173个坐席。", "6,476名"),
    ],
)
def test_the_gap_the_question_leaves_is_a_whole_number_with_its_thousands(question, sentence, value):
    """The comma grouping a number's digits ends no clause: the aligned gap is "2,173个", never
    "173个" (a wrong answer that the citation seems to support)."""
    from rag.answer.align import question_candidates
    from rag.answer.gap import question_gap

    asked = analyze(question)
    start, end = question_gap(asked, sentence)
    assert sentence[start:end] == value
    assert not any(s.text in ("173个", "476名") for s in question_candidates(asked, sentence))


def test_the_value_printed_after_the_dimension_asked_for_is_what_it_asks():
    """多高 is answered by the value after 高 (高13米), whatever the span model scores it beside the
    sentence's other measures; a question asking no dimension has none."""
    from rag.answer.refine import names_its_dimension

    sentence = "塔身直径约为9米，整体长29米、高13米。"
    spans = {c.text: c for c in candidates(sentence)}
    asked = analyze("这座塔有多高？")
    assert names_its_dimension(asked, sentence, spans["13米"])
    assert not names_its_dimension(asked, sentence, spans["29米"]) and not names_its_dimension(asked, sentence, spans["9米"])
    assert not names_its_dimension(analyze("这座塔有多少层？"), sentence, spans["13米"])


@pytest.mark.parametrize("question", ["新闻发布会是哪天开的？", "他几号到达？", "仪式在什么日期举行？"])
def test_which_day_is_answered_by_a_day_not_a_year(question):
    """哪天 asks for a day: 6月28日, 28号 or 周五 name one; 2024年 or 6月 does not."""
    units = re.compile(f"(?:{analyze(question).value_units})$")
    assert all(units.search(day) for day in ("6月28日", "28号", "周五", "7月4日下午"))
    assert not any(units.search(other) for other in ("2024年", "6月", "三年"))


def test_when_and_which_year_set_no_day():
    assert not analyze("新闻发布会是什么时候开的？").value_units
    assert not analyze("学校是哪一年建的？").value_units


def test_which_day_is_never_headed_by_a_year():
    """A sentence printing the day and the year: only the day may head the reply to 哪天."""
    from rag.answer.evidence import allowed_spans

    sentence = "6月28日，市政府新闻办召开新闻发布会，介绍本市2024年迎峰度夏情况。"
    spans = candidates(sentence)
    allowed = {spans[i].text for i in allowed_spans(analyze("新闻发布会是哪天开的？"), spans)}
    assert "6月28日" in allowed and "2024年" not in allowed
    assert "2024年" in {spans[i].text for i in allowed_spans(analyze("新闻发布会是什么时候开的？"), spans)}
