"""What a question asks for and which printed words can name it, on short synthetic sentences
written for each rule: the last clause holds the question (a question word before a comma is
an indefinite or a subordinate clause), and in English the fronted question word; straight quotes around a term are read as quotation
marks; the indefinite article between the question's frame and its question word frames the
answer too; a list is several names, not one longer name; a question asking for a name, or
for several things a sentence lists, is answered by names, not by a clause."""

from __future__ import annotations

import pytest

from rag.answer.evidence import Candidate, _allowed, allowed_spans
from rag.answer.features import SentenceInfo, span_rows
from rag.answer.matching import term_positions
from rag.answer.question import Kind, analyze, question_kind
from rag.answer.refine import named_in_full, without_question_lead
from rag.answer.spans import candidates
from rag.answer.value_patterns import curly_quotes


@pytest.mark.parametrize(
    "question, lang, kind, word",
    [
        # 几个 "the few" in the scene-setting clause; the question is 叫什么名字.
        ("村里建的几个示范区里，河东那个叫什么名字？", "zh", Kind.ENTITY, "什么"),
        ("When he met the mayor, which city did she praise?", "en", Kind.PLACE, "which city"),
        ("In 2019, how many people attended?", "en", Kind.NUMBER, "how many"),
        # No question word in the last clause: the whole question is read.
        ("Which city, according to the report, was chosen?", "en", Kind.PLACE, "which city"),
        # English fronts its question word: a later "when" or "who" opens a subordinate clause.
        ("What flowers did the children give him when he arrived?", "en", Kind.ENTITY, "what"),
        ("Which company did the man who founded it run?", "en", Kind.ENTITY, "which"),
        ("Tell me when the forum was held.", "en", Kind.TIME, "when"),  # a request asks what follows
        # An opening question word with its auxiliary asks; an apposition after a comma describes.
        ("How old is Dana, the trader who sells pine nuts?", "en", Kind.NUMBER, "how"),
        ("Which port did the train reach, the one that opened in May?", "en", Kind.PLACE, "which port"),
        ("Did the report say how many people came?", "en", Kind.NUMBER, "how many"),
    ],
)
def test_the_last_clause_holds_the_question(question, lang, kind, word):
    found, match = question_kind(question, lang)
    assert found == kind and match is not None and word in match.group()


def test_straight_quotes_around_a_term_are_read_as_quotation_marks():
    """OCR prints "…" for “…”: the quoted term is one candidate, never cut at a mark, while
    an unpaired mark pairs with nothing across a clause."""
    assert curly_quotes('以"千企技改"行动为抓手') == "以“千企技改”行动为抓手"
    assert curly_quotes('启动"吨半粮创建,实现" 连丰",预计') == '启动"吨半粮创建,实现“ 连丰”,预计'
    texts = {c.text: c.type for c in candidates('以"千企技改千企转型"行动为抓手,推动融合。')}
    assert texts.get('"千企技改千企转型"') == "quoted"
    assert '转型"行动' not in texts


def test_the_indefinite_article_before_the_question_word_frames_the_answer():
    """发表的是一份什么宣言: 发表 is the question's own verb, 一份 "a": the answer is the
    declaration's name, without the verb."""
    question = analyze("峰会对外发表的是一份什么宣言？")
    spans = candidates("本届峰会发表阿斯塔纳宣言。")
    best = next(i for i, s in enumerate(spans) if s.text == "发表阿斯塔纳宣言")
    allowed = allowed_spans(question, spans)
    assert spans[without_question_lead(question, spans, best, allowed)].text == "阿斯塔纳宣言"


def test_a_list_of_names_is_no_longer_name():
    """A name ending in the noun asked for is widened to the longer name holding it (a branch),
    never to the list it opens."""
    question = analyze("跟医学有关的是哪个论坛？")
    spans = candidates("继续办好传统医学论坛、民间友好论坛、青年发展论坛等品牌活动。")
    best = next(i for i, s in enumerate(spans) if s.text == "传统医学论坛")
    assert spans[named_in_full(question, spans, best)].text == "传统医学论坛"


def _allowed_texts(question: str, sentence: str) -> set[str]:
    parsed = analyze(question)
    spans = candidates(sentence)
    rows = span_rows(parsed, sentence, spans, term_positions(parsed, sentence))
    return {spans[i].text for i in _allowed(parsed, Candidate(SentenceInfo(0, 0, len(sentence), sentence), list(spans), rows))}


def test_a_question_asking_for_a_name_is_answered_by_no_clause():
    """叫什么名字 and "what is it called" ask for a name; a clause names nothing. "Name the year"
    is a request, no name asked for."""
    assert analyze("这个片区叫什么名字？").asks_name and analyze("What is the campaign called?").asks_name
    assert not analyze("Name the year it was founded.").asks_name and not analyze("片区有多大？").asks_name
    allowed = _allowed_texts("河东那个片区叫什么名字？", "县里重点打造河东“莓好甜园”片区，推动乡村振兴。")
    assert allowed and all("，" not in text for text in allowed)


def test_the_item_holding_the_question_s_words_answers_which_one():
    """Of a list, 跟医学有关的是哪个论坛 asks for the item holding 医学; the other items and the
    run of several drop out."""
    allowed = _allowed_texts("跟医学有关的是哪个论坛？", "继续办好传统医学论坛、民间友好论坛、青年发展论坛等品牌活动。")
    assert "传统医学论坛" in allowed
    assert not any("、" in text or text == "民间友好论坛" for text in allowed)


def test_things_asked_for_by_their_kind_are_answered_by_the_list_naming_them():
    """哪些货物 asks for the goods a sentence lists before 等货物: the list, not the clause."""
    assert analyze("车上满载的是哪些货物？").category == "货物"
    allowed = _allowed_texts("车上满载的是哪些货物？", "班列满载日用百货、汽车及配件等货物，从西安开出。")
    assert "日用百货、汽车及配件" in allowed
    assert not any("，" in text for text in allowed)


def test_a_list_of_countries_answers_no_question_asking_for_a_city():
    from rag.answer.places import wrong_level

    assert wrong_level("春令营在新疆哪座城市开营？", "俄罗斯、哈萨克斯坦、吉尔吉斯斯坦")
    assert not wrong_level("春令营在新疆哪座城市开营？", "喀什、伊宁") and not wrong_level("他们来自哪些国家？", "俄罗斯、哈萨克斯坦")


def test_the_indefinite_article_opens_no_candidate():
    """一位德国赛车手 is "a German driver": 德国 and 德国赛车手 are candidates, 一位德国 none."""
    texts = {c.text for c in candidates("温克霍克是一位德国赛车手。")}
    assert {"德国", "德国赛车手"} <= texts and not any(t.startswith("一位") and len(t) > 2 for t in texts)


def test_a_quoted_name_and_a_compound_noun_are_the_kind_asked_for():
    """哪一个发展战略 asks for a 发展战略 (a verbal noun modifying a noun: one compound), and a quoted
    name ends in it inside its marks."""
    question = analyze("两国要让倡议和哪一个发展战略深度衔接？")
    assert question.category == "发展战略" and analyze("哪条高铁全线开工？").category == "高铁"
    spans = candidates("推动倡议和塔吉克斯坦“2030年前国家发展战略”深入对接。")
    best = next(i for i, s in enumerate(spans) if s.text == "2030年")
    assert spans[named_in_full(question, spans, best)].text == "“2030年前国家发展战略”"
