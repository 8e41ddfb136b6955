"""What a question asks for, checked on short synthetic sentences written for each rule: a named
quantity right after the question word is no measure word (多大年纪 asks for 岁, not 年), a count
of years may be printed like a date (成立23年后), a question asking for a kind of thing is
answered by a name ending in that noun, a sentence naming only the holder of another office
states no holder, 名额 is no money, 几大 is answered by 五大, 周年 is no duration, 个 counts what
the noun's own measure word counts, a name may end in the short form of the noun asked for (港
for 港口), the question's framing words are cut from an answer, why and how are answered by a
clause, and a count answers for the noun it counts."""

from __future__ import annotations

import re

import numpy as np
import pytest

from rag.answer.evidence import allowed_spans
from rag.answer.features import SPAN_FEATURES, SentenceInfo, span_rows
from rag.answer.matching import term_positions
from rag.answer.question import analyze
from rag.answer.spans import candidates


@pytest.mark.parametrize(
    "question, value, wrong",
    [
        ("那位老人多大年纪？", "35岁", "2019年"),  # 年 of 年纪 (age) is no measure word
        ("这个县有多少人口？", "58.2万", "58.2万元"),  # 人 of 人口: the population's units
        ("他今年多少岁？", "35岁", "35年"),  # 岁 itself stays the unit
        ("他的儿子多大了？", "12岁", "一架"),  # 多大了 "how old now" asks for an age
    ],
)
def test_a_named_quantity_after_the_question_word_is_no_measure_word(question, value, wrong):
    units = analyze(question).value_units
    assert re.fullmatch(f"(?:{units})", re.sub(r"^[\d.]+", "", value))
    assert not re.fullmatch(f"(?:{units})", re.sub(r"^[\d.]+", "", wrong))


@pytest.mark.parametrize("question", ["这个组织成立多少年了？", "这个组织成立多久了？"])
def test_a_count_of_years_printed_like_a_date_answers_how_many_years(question):
    sentence = "该组织成立23年后，成员增加到10个。"
    spans = candidates(sentence)
    allowed = {spans[i].text for i in allowed_spans(analyze(question), spans)}
    assert "23年" in allowed
    assert "23年" not in {spans[i].text for i in allowed_spans(analyze("这个组织有多少个成员？"), spans)}


def test_an_anniversary_is_no_duration():
    """周年 counts years since an event to mark a date (建成10周年): it says nothing of how long
    something took, which 工期4年 does."""
    spans = candidates("大楼在落成10周年之际翻新，当年工期4年。")
    allowed = {spans[i].text for i in allowed_spans(analyze("大楼用了多长时间建成？"), spans)}
    assert "4年" in allowed and "10周年" not in allowed


@pytest.mark.parametrize(
    "sentence, value",
    [("该市聚焦12条重点产业链。", "12条"), ("他育有3名子女。", "3名"), ("全县有8个村。", "8个")],
)
def test_ge_counts_what_the_text_counts_with_its_own_measure_word(sentence, value):
    """个 is the general measure word: 多少个 is answered by 12条 or 3名, never by a sum of money."""
    question = analyze(sentence[:2] + "有多少个单位？")
    spans = candidates(sentence + "投资50万元。")
    allowed = {spans[i].text for i in allowed_spans(question, spans)}
    assert value in allowed and "50万元" not in allowed


def test_the_question_s_own_framing_words_are_cut_from_the_answer():
    """"最高荣誉叫什么" is answered by what follows 最高荣誉 (“雄鹰”勋章), not by 荣誉“雄鹰”勋章; words
    from further off in the question may belong to the answer's name (甲国总督 for 甲国总理由谁委任)."""
    from rag.answer.refine import without_question_lead

    def cut(question: str, sentence: str, chosen: str) -> str:
        spans = candidates(sentence)
        best = next(i for i, s in enumerate(spans) if s.text == chosen)
        return spans[without_question_lead(analyze(question), spans, best, list(range(len(spans))))].text

    assert cut("甲国的最高荣誉叫什么？", "他接受了甲国最高荣誉“雄鹰”勋章。", "荣誉“雄鹰”勋章") == "“雄鹰”勋章"
    assert cut("甲国总理由谁委任？", "甲国总理由甲国总督委任。", "甲国总督") == "甲国总督"


def test_a_year_is_no_count_of_days():
    spans = candidates("大桥于2018年建成，工期900天。")
    allowed = {spans[i].text for i in allowed_spans(analyze("大桥建了多少天？"), spans)}
    assert "900天" in allowed and "2018年" not in allowed


@pytest.mark.parametrize(
    "question, sentence, name, not_name",
    [
        ("他在哪所大学任教？", "卡丹大学学者巴兹万说，合作带来新思路。", "卡丹大学", "大学"),
        ("哪条高铁全线开工了？", "济郑高铁顺利通车，雄商高铁全线开工。", "雄商高铁", "雄商高铁全线"),
        ("货轮到达了哪个港口？", "货轮分别到达青岛港和天津港。", "天津港", "货轮"),  # 港 is the name form of 港口
        ("他毕业于哪所大学？", "他于1980年毕业于中央民族学院。", "中央民族学院", "1980年"),  # a 学院 is a 大学 asked for
        ("他要去哪所大学？", "学生张三在学校学中文，明年去南方大学。", "南方大学", "张三在学校"),  # no name holds a preposition
    ],
)
def test_a_name_ending_in_the_noun_asked_for_is_marked_for_the_span_model(question, sentence, name, not_name):
    """哪所大学 asks for a university: a name ending in 大学 is such an answer; the noun alone,
    or a phrase running past it into the question's words, is none."""
    parsed = analyze(question)
    spans = candidates(sentence)
    rows = span_rows(parsed, sentence, spans, term_positions(parsed, sentence))
    marked = {s.text for s, row in zip(spans, rows) if row[SPAN_FEATURES.index("names_asked")]}
    assert name in marked and not_name not in marked
    assert not np.any(span_rows(analyze("他在这里做什么？"), sentence, spans, [])[:, SPAN_FEATURES.index("names_asked")])


def test_a_sentence_naming_only_the_holder_of_another_office_states_no_answer():
    """For "甲市市委书记是谁" a sentence naming only a county's party secretary (县委书记) holds no
    person of the kind asked for; one naming the city's (市委书记) does."""
    from rag.answer.features import SPAN_STATS, span_stats

    question = analyze("甲市市委书记是谁？")
    kind_match = SPAN_STATS.index("kind_match")

    def states_holder(sentence: str) -> float:
        spans = candidates(sentence)
        rows = span_rows(question, sentence, spans, term_positions(question, sentence))
        return span_stats(question, sentence, spans, rows, np.full(len(spans), 0.5))[kind_match]

    assert question.office
    assert states_holder("乙县县委书记王建国表示，将落实好会议精神。") == 0.0
    assert states_holder("市委书记王建国主持召开座谈会。") == 1.0


def test_a_quota_or_a_share_is_no_amount_of_money():
    """额 heads words for sums of money (金额, 贸易额) and for counts (名额 "places") and shares
    (份额): only the first ask for money."""
    assert re.fullmatch(f"(?:{analyze('贸易额是多少？').value_units})", "亿美元")
    quota = analyze("中方提供多少培训名额？").value_units
    assert not quota or re.search(f"(?:{quota})$", "1000人次")


def test_ji_da_asks_for_a_count_of_the_major_ones():
    """几大 asks "how many major ...": 五大 (the five major) answers it; elsewhere N大 is no value."""
    from rag.answer.align import question_candidates

    sentence = "该市聚焦化工等五大传统产业，开展六大行动。"
    counted = analyze("该市有几大传统产业？")
    assert counted.unit == "大"
    found = {s.text: s.type for s in question_candidates(counted, sentence)}
    assert found.get("五大") == "quantity" and found.get("六大") == "quantity"
    assert "quantity" not in {s.type for s in question_candidates(analyze("该市聚焦什么产业？"), sentence) if s.text.endswith("大")}
    # A one-character noun after 大 is bound to the count (三大洲, 四大类): it is part of the answer.
    continents = {s.text for s in question_candidates(analyze("这些国家分布在几大洲？"), "这些国家分布在三大洲，共26个") if s.type == "quantity"}
    assert "三大洲" in continents and "三大" not in continents


@pytest.mark.parametrize("question", ["他为什么提前回国？", "他是怎么回国的？", "Why did he return early?"])
def test_why_and_how_are_answered_by_a_clause(question):
    """A cause or a manner is said in a clause: no date or name picked out of it heads the reply."""
    sentence = "因为要迎接贵宾，张伟于2023年5月乘坐专机提前回国。"
    spans = candidates(sentence)
    allowed = [spans[i] for i in allowed_spans(analyze(question), spans)]
    assert allowed and {s.type for s in allowed} == {"clause"}
    assert "2023年5月" in {spans[i].text for i in allowed_spans(analyze("他什么时候回国？"), spans)}


def test_a_count_answers_for_the_noun_it_counts():
    """"几个观察员国" is answered by the count printed before 观察员国, not by the first count in
    the sentence ("9个成员国、3个观察员国"), whatever the span model prefers between them."""
    from rag.answer.align import question_candidates
    from rag.answer.evidence import Candidate
    from rag.answer.refine import counted_noun

    sentence = "该组织有9个成员国、3个观察员国、14个对话伙伴。"
    question = analyze("该组织有几个观察员国？")
    spans = question_candidates(question, sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    candidate = Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows)
    allowed = allowed_spans(question, spans)
    first = next(i for i in allowed if spans[i].text == "9个")
    chosen = counted_noun(question, candidate, first, allowed, np.full(len(spans), 0.5))
    assert spans[chosen].text == "3个"


def test_gdp_is_an_amount_of_money():
    """GDP (国内生产总值) is stated in money, or as a rate of growth: a count of quarters is no answer."""
    units = analyze("2023年聊城的GDP是多少？").value_units
    assert re.fullmatch(f"(?:{units})", "亿元") and not re.fullmatch(f"(?:{units})", "季度")


@pytest.mark.parametrize("question", ["这家银行的注册资本是多少？", "他的年薪是多少？", "这部电影的票房是多少？"])
def test_capital_pay_and_takings_are_sums_of_money(question):
    units = analyze(question).value_units
    assert re.fullmatch(f"(?:{units})", "亿越南盾") and re.fullmatch(f"(?:{units})", "万泰铢")
    assert not re.fullmatch(f"(?:{units})", "个")


def test_a_sum_in_any_currency_is_one_value():
    found = {c.text: c.type for c in candidates("成立时的注册资本为30亿越南盾，约合900万新加坡元。")}
    assert found.get("30亿越南盾") == "quantity" and found.get("900万新加坡元") == "quantity"


@pytest.mark.parametrize("sentence, value", [("票房收益大约是$10.2亿美金。", "$10.2亿美金"), ("票房收益大约是$10.2亿。", "$10.2亿"), ("他以US$300万签约。", "US$300万")])
def test_a_sum_written_with_a_currency_sign_answers_a_question_about_money(sentence, value):
    """The sign before the number names the currency ($, US$, €): no unit need follow it."""
    spans = candidates(sentence)
    assert [spans[i].text for i in allowed_spans(analyze("这部电影的票房是多少？"), spans)] == [value]


def test_the_list_item_naming_the_question_word_is_marked():
    """Of "德国总统张三、法国代理总统李四", a question about 法国 asks for the item holding 法国:
    the candidate in that item is marked, the one in the item before it is not, however near."""
    from rag.answer.enumeration import items_holding_terms
    from rag.answer.words import tag_words

    question = analyze("法国派谁出席了会议？")
    sentence = "出席会议的有德国总统张三、法国代理总统李四和英国代表。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    marked = {s.text for s, row in zip(spans, rows) if row[SPAN_FEATURES.index("item_term")]}
    assert "代理总统李四" in marked and "李四" in marked
    assert "德国总统张三" not in marked and "张三" not in marked
    # Outside an enumeration nothing is marked: the feature speaks of lists only.
    assert items_holding_terms("法国代理总统李四出席。", [(2, 8)], [(0, 2)], tag_words("法国代理总统李四出席。")) == [0.0]


def test_a_question_about_one_item_of_a_list_is_answered_from_that_item():
    """"法国派谁" of "德国总统张三、法国代理总统李四": the person of 法国's item, not the name
    printed nearest to the word 法国 (the end of the item before it); a question asking for
    several (哪些人) may still take the whole list."""
    from rag.answer.evidence import Candidate, _allowed

    sentence = "出席会议的有德国总统张三、法国代理总统李四和英国代表。"
    spans = candidates(sentence)

    def allowed(text: str) -> set[str]:
        question = analyze(text)
        rows = span_rows(question, sentence, spans, term_positions(question, sentence))
        return {spans[i].text for i in _allowed(question, Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows))}

    one = allowed("法国派谁出席了会议？")
    assert "李四" in one and not {"张三", "德国总统张三"} & one
    assert "张三" in allowed("哪些人出席了会议？")


def test_a_name_outside_the_list_still_answers_when_a_list_item_holds_question_words():
    """"谁主持了…理事会会议" of "主席国总统王五主持会议，理事会成员国德国总统张三、法国总统李四参加":
    the list's first item holds the question's words (理事会, 成员国), but the one who presides
    stands before 主持, outside the list. Only the list's other items drop out."""
    from rag.answer.enumeration import in_list_items
    from rag.answer.evidence import Candidate, _allowed

    sentence = "主席国总统王五主持会议，理事会成员国德国总统张三、法国总统李四参加。"
    assert in_list_items(sentence, [(5, 7), (29, 31), (0, 2)]) == [False, True, False]
    spans = candidates(sentence)
    question = analyze("谁主持了理事会成员国会议？")
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    allowed = {spans[i].text for i in _allowed(question, Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows))}
    assert "王五" in allowed and "李四" not in allowed


def test_a_name_of_the_kind_asked_for_is_preferred_to_a_clause():
    """"什么勋章" asks for one thing by its name: when the sentence prints a name ending in 勋章, a
    clause is no short answer; a sentence with no such name keeps its clauses ("有什么特征")."""
    from rag.answer.align import question_candidates
    from rag.answer.evidence import Candidate, _allowed

    def allowed(question_text: str, sentence: str) -> dict[str, str]:
        question = analyze(question_text)
        spans = question_candidates(question, sentence)
        rows = span_rows(question, sentence, spans, term_positions(question, sentence))
        candidate = Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows)
        return {spans[i].text: spans[i].type for i in _allowed(question, candidate)}

    named = allowed("该国最高荣誉是什么勋章？", "五年前，总统向他授予该国最高荣誉“王冠勋章”。")
    assert "“王冠勋章”" in named and "clause" not in named.values()
    assert "clause" in allowed("这种树有什么特征？", "这种树高大挺拔，叶子宽大，果实坚硬。").values()
