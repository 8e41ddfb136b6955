"""Questions as people write them: everyday and literary question words (啥, 咋, 何日), a
question that is only the noun asked for (聊城市长, …的终点站？), English requests ("Tell me
the height of…"), and a sentence that only repeats the question's words, which answers
nothing. Rules on short synthetic questions; the seed cases on the real seed index."""

from __future__ import annotations

import pytest

from rag.answer.lexicon import Kind
from rag.answer.question import analyze, question_kind
from rag.lang import is_english
from rag.pipeline import ask


@pytest.mark.parametrize(
    "question, kind",
    [
        ("大桥啥时候通车？", Kind.TIME),  # 啥 is everyday writing for 什么
        ("他为啥离开了北京？", Kind.REASON),
        ("会议在啥地方举行？", Kind.PLACE),
        ("这种材料叫啥？", Kind.ENTITY),
        ("这件事咋办？", Kind.MANNER),  # 咋 for 怎么
        ("代表团于何日抵达？", Kind.TIME),  # literary 何日 "what day"
        ("班列的终点站？", Kind.PLACE),  # only the noun asked for
        ("列车的目的地是？", Kind.PLACE),
        ("聊城市长", Kind.PERSON),
        ("这本书的作者？", Kind.PERSON),
        ("大桥的海拔", Kind.NUMBER),
        ("What's the population of the city?", Kind.NUMBER),  # what's = what is
        ("Tell me the height of the tower.", Kind.NUMBER),  # a request asks as a question does
        ("Give me the date of the summit.", Kind.TIME),
        ("Name the company that built the bridge.", Kind.ENTITY),
    ],
)
def test_question_words_people_write_name_the_kind_of_value(question, kind):
    assert question_kind(question, "en" if is_english(question) else "zh")[0] == kind


def test_a_question_word_is_never_a_search_term():
    assert [t.surface for t in analyze("大桥啥时候通车？").terms] == ["大桥", "通车"]
    assert "啥" not in {t.surface for t in analyze("这种材料叫啥名字？").terms}


@pytest.mark.parametrize(
    "question, kept, dropped",
    [
        ("聊城市的市长？", "市长", None),  # the sentence prints the office: 市长张百顺
        ("这座城市的人口是？", "人口", None),  # 常住人口588万
        ("大会的举办地点？", "举办", "地点"),  # 地点 only names the kind of answer
        ("他担任什么职务？", "担任", "职务"),  # 职务 too: "他任市长" never prints it
    ],
)
def test_a_noun_asked_for_stays_a_term_unless_it_only_names_the_kind_of_answer(question, kept, dropped):
    terms = {t.surface for t in analyze(question).terms}
    assert kept in terms
    assert dropped is None or dropped not in terms


def test_a_list_request_asks_for_several_things():
    assert analyze("List the countries Xi visited.").plural
    assert not analyze("Name the company that built the bridge.").plural


def test_a_sentence_that_only_repeats_the_question_answers_nothing(offline_index):
    """The seeds print "张百顺说。" as a sentence of its own; it names 张百顺 and states no office."""
    answer = ask("张百顺担任什么职务？", settings=offline_index)
    assert "张百顺说" not in answer.text.splitlines()[0]


def test_a_question_that_is_only_an_office_is_answered_by_its_holder(offline_index):
    answer = ask("聊城市长", settings=offline_index)
    assert not answer.abstained
    assert answer.text.splitlines()[0].startswith("张百顺")


@pytest.mark.parametrize("question", ["市委副书记是谁？", "市长是谁？"])
def test_titles_joined_by_a_list_comma_all_belong_to_the_name_after_them(question):
    """"市委副书记、市长王五" names one person with two offices; "总理李四、市长王五" two people."""
    from rag.answer.offices import same_office
    from rag.answer.words import tag_words

    sentence = "市委副书记、市长王五出席，总理李四、市长赵六陪同。"
    words = tag_words(sentence)
    office = analyze(question).office

    def holds(name: str) -> bool:
        return same_office(office, sentence, words, sentence.index(name), sentence.index(name) + 2)

    assert holds("王五")
    assert holds("赵六") == (office == "市长") and not holds("李四")


@pytest.mark.parametrize("question", ["甲市大数据局局长叫什么名字？", "甲市医保局局长是谁？"])
def test_an_office_glued_to_its_body_is_the_office_the_sentence_prints(question):
    """jieba cuts 大数据局局长 as 大|数据|局局长: the office asked about is 局长, held by the
    person the sentence prints after 局长 (not by one printed with another office)."""
    from rag.answer.offices import same_office
    from rag.answer.words import tag_words

    office = analyze(question).office
    sentence = "市大数据局党组书记、局长王大明表示，副局长李小红出席。"
    words = tag_words(sentence)
    assert office == "局长"
    assert same_office(office, sentence, words, sentence.index("王大明"), sentence.index("王大明") + 3)
    assert not same_office(office, sentence, words, sentence.index("李小红"), sentence.index("李小红") + 3)


def test_several_question_words_together_are_never_the_short_answer():
    """"2026年第三届中国" restates the question's words (第三届, 中国, 2026年): the country that
    hosts is the answer, whatever the span model scores."""
    import numpy as np

    from rag.answer.evidence import Candidate, best_span
    from rag.answer.features import SentenceInfo, span_rows
    from rag.answer.matching import term_positions
    from rag.answer.spans import candidates

    question = analyze("第三届中国－东盟论坛将于2026年在哪个国家举行？")
    sentence = "2026年第三届中国－东盟论坛将由越南主办。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    candidate = Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows)
    restating = {"2026年第三届中国", "第三届中国", "中国", "第三届"} & {s.text for s in spans}
    assert restating  # the sentence does print them as candidates
    favouring = np.array([1.0 if s.text in restating else 0.5 if s.text == "越南" else 0.1 for s in spans])
    assert spans[best_span(question, candidate, favouring)].text == "越南"


@pytest.mark.parametrize(
    ("question", "candidate", "repeats"),
    [
        ("Where did Juan study?", "an", False),  # letters inside a word of the question
        ("Where did Juan study?", "Juan", True),
        ("第二届中国－中亚峰会将于2025年在哪个国家举行？", "2025年", True),
        ("第二届中国－中亚峰会将于2025年在哪个国家举行？", "哈萨克斯坦", False),
        ("他是谁？", "夏", True),  # a lone Chinese character cannot be checked
    ],
)
def test_a_short_answer_never_repeats_the_question(question: str, candidate: str, repeats: bool) -> None:
    from rag.answer.refine import states_nothing
    from rag.answer.spans import Span

    span = Span(candidate, 0, len(candidate), "other", 1)
    assert states_nothing(analyze(question), span) is repeats


def test_a_description_before_the_noun_asked_for_is_no_part_of_what_is_asked():
    """什么著名的战役 asks for a 战役: the adjective before 的 describes it. Where the answer's
    phrase repeats that description (著名的博罗季诺战役), the name after it is the answer."""
    from rag.answer.refine import named_in_full, without_question_lead
    from rag.answer.spans import candidates

    question = analyze("距该城12千米处发生了什么著名的战役？")
    assert question.category == "战役"
    assert analyze("景区有哪些著名的景点？").category == "景点"
    assert analyze("他是哪个国家的赛车手？").category == "国家"  # a noun before 的 is what is asked
    sentence = "著名的博罗季诺战役就发生在距该城12千米处。"
    spans = candidates(sentence)
    texts = [s.text for s in spans]
    lead = texts.index("著名的博罗季诺")
    cut = without_question_lead(question, spans, lead, list(range(len(spans))))
    assert texts[named_in_full(question, spans, cut)] == "博罗季诺战役"


@pytest.mark.parametrize(
    "question, context, content",
    [
        ("据新华社报道，大桥是哪一年通车的？", "新华社", "大桥"),
        ("张三在发布会上表示，新厂房有多大？", "发布会", "厂房"),
        ("本报评论员文章说：什么是发展的底色？", "评论员", "底色"),
    ],
)
def test_an_opening_attribution_is_context_like_a_date(question, context, content):
    """"据报道，…" or "X在发布会上表示，…" names where a fact was said; the sentence stating it
    seldom repeats that, so those words weigh as little as a date."""
    weights = {t.surface: t.weight for t in analyze(question).terms}
    assert weights[context] < weights[content]


def test_a_question_word_in_the_opening_clause_is_no_attribution():
    weights = {t.surface: t.weight for t in analyze("谁在发布会上表示，新厂房要扩建？").terms}
    assert weights["发布会"] == weights["厂房"]
    weights = {t.surface: t.weight for t in analyze("大桥通车的消息说明了什么？").terms}  # no comma: no frame
    assert len(set(weights.values())) == 1
