"""Names of the kind a question asks for, and words that only frame a question, on short
synthetic sentences written for each rule: a compound noun is named by its head (a 电力公司 by
a name ending in 公司); "X等N" prints instances X of the kind N; a place word (口岸) is a noun
asked for, a localizer (上) after it is not; a person printed with the seat asked about (委员) holds it; prepositions of purpose,
adverbs of manner and words for the article itself name nothing to look for; an
enumerated point (第三点) is printed as an enumeration prints it (第三，)."""

from __future__ import annotations

import pytest

from rag.answer.asked import name_endings
from rag.answer.offices import holding_office
from rag.answer.evidence import allowed_spans
from rag.answer.features import SPAN_FEATURES, span_rows
from rag.answer.gap import question_gap
from rag.answer.matching import term_positions
from rag.answer.question import analyze
from rag.answer.spans import candidates


def _named(question: str, sentence: str) -> set[str]:
    """The candidates the span feature names_asked marks for the question."""
    parsed = analyze(question)
    spans = candidates(sentence)
    rows = span_rows(parsed, sentence, spans, term_positions(parsed, sentence))
    return {s.text for s, row in zip(spans, rows) if row[SPAN_FEATURES.index("names_asked")]}


def test_a_compound_noun_asked_for_is_named_by_a_name_ending_in_its_head():
    """Chinese compounds end in their head: a name ending in 公司 names a 电力公司, one ending in
    组织 an 国际组织; a one-word noun has no shorter head."""
    assert "公司" in name_endings("电力公司") and "组织" in name_endings("国际组织")
    assert name_endings("大学") == ("大学", "学院", "学校") and name_endings("") == ()
    named = _named("市里和哪家电力公司合作？", "市发改委会同东方供电公司开展保供工作。")
    assert "东方供电公司" in named and "市发改委" not in named


@pytest.mark.parametrize(
    "question, sentence, instance, kind",
    [
        ("文章举了哪个产业的例子？", "积极推动轴承等特色产业整合。", "轴承", "轴承等特色产业"),
        ("他们种了哪种作物？", "当地种植小麦、玉米等粮食作物。", "小麦、玉米", "粮食作物"),
    ],
)
def test_the_instances_before_deng_name_the_kind_after_it(question, sentence, instance, kind):
    """"X等N" is "N such as X": X names things of the kind asked for, the phrase ending in N
    only names the kind; a phrase holding a verb ("推动轴承") names nothing."""
    named = _named(question, sentence)
    assert instance in named and kind not in named
    assert not any(n.startswith(("积极", "推动", "种植")) for n in named)


def test_nouns_tied_by_de_to_a_noun_after_them_are_one_compound_asked_for():
    """哪个民间机构的作用 asks for a 民间机构: the nouns before 的 are one compound. A verbal noun
    (合作) and an institution's head (组织) inside a name are nouns of it, and 等 "and others"
    ends the instances, not the name (X等民间机构)."""
    assert analyze("要发挥哪个民间机构的作用？").category == "民间机构"
    assert analyze("哪条高铁全线开工了？").category == "高铁"  # no 的: 全线 is no noun of it
    assert analyze("哪类人可以报名？").category == ""  # 体育健儿, 企业家 are people: no name ends in 人
    question = "要充分发挥哪个民间机构的作用？"
    named = _named(question, "充分发挥上海合作组织友好合作委员会等民间机构作用。")
    assert "上海合作组织友好合作委员会" in named and not any(n.endswith(("等", "民间")) for n in named)
    sentence = "充分发挥上海合作组织友好合作委员会等民间机构作用。"
    start, end = question_gap(analyze(question), sentence)
    assert sentence[start:end] == "上海合作组织友好合作委员会"  # the gap stops before 等


def test_a_place_word_after_the_question_word_is_the_noun_asked_for():
    """jieba tags 口岸 a place word (s): it is a noun, and the name asked for ends in it."""
    assert analyze("班列从哪个口岸离开中国？").category == "口岸"
    assert "霍尔果斯铁路口岸" in _named("班列从哪个口岸离开中国？", "班列将由霍尔果斯铁路口岸出境。")


def test_a_localizer_after_the_question_word_is_no_noun_asked_for():
    """在…上 frames the thing asked for (在建设什么上): 上 is a localizer, not a noun, so no
    candidate is a name of a 上, and the one ending in it is no better than the one before it."""
    question = "努力在建设什么上取得更大成效？"
    assert analyze(question).category == ""
    named = _named(question, "要努力在建设美丽家园上取得更大成效。")
    assert "美丽家园上" not in named and "家园上" not in named


def test_the_person_printed_with_the_seat_asked_about_holds_it():
    """委员 is a seat on a body, as 秘书长 is an office: of the people a sentence lists, the one
    printed with the seat asked about answers, not the officials listed after him."""
    question = analyze("出席开幕式的那位社科院学部委员叫什么？")
    assert question.office == "学部委员"
    sentence = "董事长王海良，学部委员潘家华，市领导曾赞荣、范波出席开幕式。"
    spans = candidates(sentence)
    people = allowed_spans(question, spans)  # the candidates a 谁 question may be answered by
    kept = {spans[i].text for i in holding_office(question.office, sentence, spans, people)}
    assert any(t.endswith("潘家华") for t in kept)
    assert not any("曾赞荣" in t or "王海良" in t for t in kept)
    assert holding_office("", sentence, spans, [0, 1]) == [0, 1]  # no office asked: all stay


@pytest.mark.parametrize(
    "question, framing",
    [
        ("为了夏天用电，市里和哪家公司一起合作？", {"为了", "一起"}),
        ("文章提到的峰会到底在哪里举行？", {"文章", "提到", "到底"}),
        ("聊城被称作什么样的城市？", {"被称作"}),
    ],
)
def test_words_that_only_frame_a_question_are_no_terms(question, framing):
    """A preposition of purpose, an adverb of manner or insistence, a word for the article
    itself or a verb of naming frames the question: the answer's sentence needn't print it."""
    surfaces = {t.surface for t in analyze(question).terms}
    assert surfaces and not surfaces & framing


def test_an_enumerated_point_is_looked_for_as_an_enumeration_prints_it():
    """第三点 "the third point" is printed "第三，…" or "三是…" in an enumeration."""
    from rag.answer.matching import cover

    point = next(t for t in analyze("五点建议里，第三点是建设什么样的家园？").terms if t.surface == "第三点")
    assert cover(point, "第三，建设繁荣发展的共同家园。") == 1.0 and cover(point, "三是建设繁荣发展的家园。") == 1.0
    assert cover(point, "第一，建设团结互信的共同家园。") == 0.0
    assert [t.forms for t in analyze("第三届峰会在哪里举行？").terms if t.surface.startswith("第三")] in ([], [("第三届",)])


def test_an_institution_word_inside_a_longer_name_is_a_noun_of_it():
    """组织 is also "to organise" (v), but in 上海合作组织政党论坛 it is the organisation the forum
    is of: the whole name is one candidate; where it follows no noun (上海组织了活动) it stays a verb."""
    from rag.answer.spans import candidates

    typed = {s.text: s.type for s in candidates("适时举办上海合作组织政党论坛。")}
    assert typed.get("上海合作组织政党论坛") == "noun"
    assert all(s.type in ("other", "clause") for s in candidates("上海组织了活动。") if "组织" in s.text)


def test_a_name_is_not_cut_at_its_start():
    """合作组织融资平台 begins inside the name 上海合作组织: the phrase holding the name whole,
    上海合作组织融资平台, is the one meant; a candidate starting where the name starts stays."""
    from rag.answer.refine import from_name_start

    sentence = "中方积极推进筹建上海合作组织融资平台。"
    spans = candidates(sentence)
    texts = [s.text for s in spans]
    assert texts[from_name_start(spans, texts.index("合作组织融资平台"))] == "上海合作组织融资平台"
    assert texts[from_name_start(spans, texts.index("融资平台"))] == "融资平台"  # no name cut
    sentence = "阿富汗东部帕克蒂亚省出产松子。"  # a longer name holding the candidate cuts nothing
    spans = candidates(sentence)
    texts = [s.text for s in spans]
    assert texts[from_name_start(spans, texts.index("帕克蒂亚省"))] == "帕克蒂亚省"
