"""Values stated beside the attribute a question names, speeds and ratios, on short synthetic
sentences written for each rule: Chinese prints an attribute's value in apposition (艺名纳豆,
人口约588万); 多快 and 时速 ask for a speed; a ratio (1：7, 3比2) is one value, a clock time
(9:30) is none; a place asked for by its kind (哪些国家) is answered by no common noun."""

from __future__ import annotations

import pytest

from rag.answer.evidence import allowed_spans
from rag.answer.features import SPAN_FEATURES, span_rows
from rag.answer.matching import term_positions
from rag.answer.question import analyze
from rag.answer.spans import candidates


def _marked(feature: str, question: str, sentence: str) -> set[str]:
    """The candidates of the sentence that the span feature marks for the question."""
    parsed = analyze(question)
    spans = candidates(sentence)
    rows = span_rows(parsed, sentence, spans, term_positions(parsed, sentence))
    return {s.text for s, row in zip(spans, rows) if row[SPAN_FEATURES.index(feature)]}


def _marked_after_focus(question: str, sentence: str) -> set[str]:
    return _marked("after_focus", question, sentence)


@pytest.mark.parametrize(
    "question, sentence, value, other",
    [
        ("林郁智的艺名是什么？", "林郁智，艺名纳豆，台湾男演员、主持人。", "纳豆", "台湾男演员"),
        ("该市的人口是多少？", "该市人口约588万，面积为5.6平方公里。", "588万", "5.6平方公里"),  # through 约
        ("这座车站的原名是什么？", "本站原名为黑矶站，后改为现名。", "黑矶站", "现名"),  # through 为
    ],
)
def test_the_value_printed_after_the_attribute_asked_about_is_marked(question, sentence, value, other):
    marked = _marked_after_focus(question, sentence)
    assert value in marked and other not in marked


def test_no_value_is_marked_after_an_attribute_the_question_does_not_name():
    assert not _marked_after_focus("该市的面积有多大？", "该市人口约588万。")
    assert not _marked_after_focus("What is the stage name of Lin?", "Lin, stage name Natto, is an actor.")


@pytest.mark.parametrize(
    "question, sentence, value",
    [
        ("飞机以多快的速度冲出了跑道？", "最后飞机以60节的速度冲出了跑道，停在了溪谷里，机身分裂成三部分。", "60节"),
        ("这趟高铁的时速是多少？", "这趟高铁时速350公里，全程只需3小时。", "350公里"),
        ("How fast does the new train run?", "新列车时速350公里，全程只需3小时。", "350公里"),
    ],
)
def test_how_fast_and_a_speed_ask_for_a_length_per_time(question, sentence, value):
    spans = candidates(sentence)
    assert [spans[i].text for i in allowed_spans(analyze(question), spans)] == [value]


def test_a_ratio_is_one_value_and_a_clock_time_is_none():
    found = {c.text: c.type for c in candidates("目前学校男女生比例约为1：7，比赛于9:30开始，主队以3比2获胜。")}
    assert found.get("1：7") == "percent" and found.get("3比2") == "percent"
    assert "9:30" not in found and "1：7，比赛于9" not in found


def test_a_place_asked_for_by_its_kind_is_answered_by_no_common_noun():
    """哪些国家 asks for countries by name: a sentence naming none offers no short answer,
    while 哪里 may still be answered by an institution or a common noun standing for a place."""
    from rag.answer.evidence import Candidate, _allowed
    from rag.answer.features import SentenceInfo

    sentence = "全球发展倡议在此次访问期间成为各方的共识。"
    spans = candidates(sentence)

    def allowed(question: str) -> set[str]:
        parsed = analyze(question)
        rows = span_rows(parsed, sentence, spans, term_positions(parsed, sentence))
        return {spans[i].text for i in _allowed(parsed, Candidate(SentenceInfo(0, 0, len(sentence), sentence), list(spans), rows))}

    assert allowed("他这次访问了哪些国家？") == set() and allowed("他这次访问了哪座城市？") == set()
    assert allowed("这次访问在哪里成为共识？")


@pytest.mark.parametrize(
    "question, sentence, value",
    [
        ("农业人口占总人口的比例是多少？", "该县农业人口约12万，占总人口的三分之一。", "三分之一"),  # a fraction
        ("可再生能源装机占总装机的比例是多少？", "可再生能源装机容量超过420万千瓦，占总装机的26%。", "26%"),
        ("服务业的比重是多少？", "服务业增加值达到3000亿元，比重为百分之四十五。", "百分之四十五"),
    ],
)
def test_a_proportion_is_answered_by_a_percentage_fraction_or_ratio_not_an_amount(question, sentence, value):
    spans = candidates(sentence)
    assert [spans[i].text for i in allowed_spans(analyze(question), spans)] == [value]


def test_how_much_money_asks_for_a_sum_and_not_an_age():
    spans = candidates("50岁的伊戈尔花800美元买了一架无人机。")
    assert [spans[i].text for i in allowed_spans(analyze("伊戈尔买无人机花了多少钱？"), spans)] == ["800美元"]
    assert analyze("钱塘江有多长？").value_units.startswith("(?:公里")  # 钱 of a name is no money


def _marked_before_term(question: str, sentence: str) -> set[str]:
    return _marked("before_term", question, sentence)


def test_a_name_right_before_a_question_word_is_marked_as_modifying_it():
    """阿斯塔纳峰会 is the summit held in Astana; 法国的总统 is France's president."""
    assert "青岛" in _marked_before_term("上合峰会在哪里举行？", "2018年6月上合青岛峰会期间，中国宣布支持建设示范区。")
    assert "法国" in _marked_before_term("哪个国家的总统出席了会议？", "法国的总统出席了会议。")
    # the sentence's subject before a verb modifies nothing; a question word's own match is no answer
    assert not _marked_before_term("峰会在哪里举行？", "中国宣布峰会将在明年举行。") & {"中国", "峰会"}


def test_a_verbal_noun_before_a_name_takes_it_as_object_and_makes_no_place():
    found = {c.text: c.type for c in candidates("中国宣布支持在青岛建设中国—东盟示范区。")}
    assert found["青岛"] == "place" and found["建设中国"] == "other" and found["青岛建设中国"] == "other"


def test_a_country_answers_no_question_asking_for_a_city_or_province():
    """哪座城市 asks for a place inside a country: 白俄罗斯 is none, 阿斯塔纳 is; a city-state is both."""
    from rag.answer.places import wrong_level

    assert wrong_level("上合组织峰会在哪座城市举行？", "白俄罗斯") and wrong_level("他出生在哪个省？", "哈萨克斯坦")
    assert not wrong_level("上合组织峰会在哪座城市举行？", "阿斯塔纳")
    assert not wrong_level("会议在哪个城市举行？", "新加坡")  # a city-state
    assert not wrong_level("他来自哪个国家？", "白俄罗斯") and not wrong_level("峰会在哪里举行？", "白俄罗斯")
    assert wrong_level("峰會在哪座城市舉行？", "白俄羅斯")  # either script
    assert wrong_level("他去过哪两个城市？", "白俄罗斯") and wrong_level("哪几个省受灾？", "中亚")


@pytest.mark.parametrize(
    "question, sentence, chosen, holder",
    [
        ("甲市财政局的局长叫什么？", "市财政局党组书记、局长王大明表示，收入稳定增长。", "市财政局党组书记、局长王大明", "王大明"),
        ("上海合作组织秘书长是谁？", "上海合作组织秘书长张明出席会议。", "秘书长张明", "张明"),
        ("甲市市委副书记是谁？", "甲市市委副书记、市长王大明出席会议。", "市长王大明", "王大明"),  # titles joined by 、
    ],
)
def test_an_office_s_holder_is_named_without_the_titles_before_the_name(question, sentence, chosen, holder):
    """Asked who holds an office, the answer is the holder's name: the titles printed before it,
    the office asked for among them, are the question's own words."""
    from rag.answer.refine import without_question_lead

    spans = candidates(sentence)
    best = next(i for i, s in enumerate(spans) if s.text == chosen)
    allowed = allowed_spans(analyze(question), spans)
    assert spans[without_question_lead(analyze(question), spans, best, allowed)].text == holder


def test_a_name_is_kept_whole_when_the_question_names_no_office():
    """"谁出席了会议" names no office: the title stays part of the answer."""
    from rag.answer.refine import without_question_lead

    spans = candidates("上海合作组织秘书长张明出席会议。")
    best = next(i for i, s in enumerate(spans) if s.text == "秘书长张明")
    allowed = allowed_spans(analyze("谁出席了会议？"), spans)
    assert spans[without_question_lead(analyze("谁出席了会议？"), spans, best, allowed)].text == "秘书长张明"


@pytest.mark.parametrize("question", ["整体造型有多高？", "整体造型高多少米？", "How tall is the whole structure?"])
def test_the_value_printed_after_the_dimension_asked_for_is_framed(question):
    """Chinese prints a dimension right before its value (长29米、高13米): asked how high, the
    value after 高 is framed by the question, the one after 长 is not, even where the
    question's other words stand before both."""
    marked = _marked("left_frame", question, "每个环直径约为9米，整体造型长29米、高13米。")
    assert "13米" in marked and "29米" not in marked


@pytest.mark.parametrize(
    "text, dimension",
    [("每个环直径约为9米", "直径"), ("周长约30米", "周长"), ("身高为1.8米", "高"), ("长达29米", "长"), ("共计9米", "")],
)
def test_the_dimension_printed_before_a_value_is_read_whole_and_through_a_copula(text, dimension):
    """直径 (diameter), 半径 and 周长 are dimensions too, printed whole (周长 is no 长), and 为 or 是
    may stand between a dimension and its value."""
    from rag.answer.align import dimension_before

    assert dimension_before(text, text.index(next(ch for ch in text if ch.isdigit()))) == dimension


def test_of_values_along_several_dimensions_only_the_one_asked_for_may_answer():
    """"直径约为9米，…长29米、高13米": asked how high, 9米 (a diameter) and 29米 (a length) are no
    candidates, as a value for another time is none for a question naming its time."""
    from rag.answer.evidence import Candidate, _allowed
    from rag.answer.features import SentenceInfo

    sentence = "每个环直径约为9米，整体造型长29米、高13米。"
    for question, value in [("奥运五环有多高？", "13米"), ("奥运五环有多长？", "29米")]:
        asked = analyze(question)
        spans = candidates(sentence)
        candidate = Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, span_rows(asked, sentence, spans, term_positions(asked, sentence)))
        assert {spans[i].text for i in _allowed(asked, candidate) if spans[i].type == "quantity"} == {value}


def test_of_a_list_of_dimensions_the_one_asked_for_stays_a_candidate():
    """Of "长29米、高13米" the item printing the dimension asked for holds a question word (高 of
    多高): it does not drop out as a list item naming none of them."""
    from rag.answer.evidence import Candidate, _allowed
    from rag.answer.features import SentenceInfo

    sentence = "每个环直径约为9米，整体造型长29米、高13米。"
    asked = analyze("整体造型有多高？")
    spans = candidates(sentence)
    candidate = Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, span_rows(asked, sentence, spans, term_positions(asked, sentence)))
    assert "13米" in {spans[i].text for i in _allowed(asked, candidate)}


@pytest.mark.parametrize(
    "question, sentence, name, description",
    [
        ("总统授予了他什么荣誉？", "总统向他授予该国最高荣誉“王冠勋章”。", "“王冠勋章”", "该国最高荣誉"),
        ("他主演了哪部电影？", "他主演的公路电影《一路向北》入围金马奖。", "《一路向北》", "公路电影"),
    ],
)
def test_a_quoted_name_after_the_noun_asked_for_names_it_in_apposition(question, sentence, name, description):
    """什么荣誉 asks for the honour's name: in "最高荣誉“王冠勋章”" the quoted name names the honour;
    the phrase before it only describes it, as the noun alone does, and only the name (with or
    without its marks) competes for the short answer."""
    from rag.answer.evidence import Candidate, _allowed
    from rag.answer.features import SentenceInfo

    marked = _marked("names_asked", question, sentence)
    assert name in marked and description not in marked
    parsed = analyze(question)
    spans = candidates(sentence)
    rows = span_rows(parsed, sentence, spans, term_positions(parsed, sentence))
    allowed = {spans[i].text for i in _allowed(parsed, Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows))}
    assert name in allowed and allowed <= {name, name.strip("“”《》")}


@pytest.mark.parametrize(
    "question",
    [
        "How much did the city spend on the bridge?", "What is the total planned investment for the base?", "How much does a ticket cost?",
        "How much money did the bridge take?", "How much funding did the bridge get?",  # the nouns for money
    ],
)
def test_an_english_question_about_spending_or_an_investment_asks_for_an_amount_of_money(question):
    """Spending, paying and investing are stated in money, in any tense ("spend", "spent",
    "paid"), as money, funding or wages are, and a quantity keeps its meaning behind adjectives
    ("the total planned investment"): "3年" is no answer."""
    parsed = analyze(question)
    assert parsed.named_quantity and parsed.value_units
    spans = candidates("大桥共花费12亿元，历时3年建成。")
    assert [spans[i].text for i in allowed_spans(parsed, spans)] == ["12亿元"]
