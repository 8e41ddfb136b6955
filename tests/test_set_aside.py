""""除了X，还有…" ("besides X") asks for something other than X, and the question's words frame a
value only inside its clause: rules on short synthetic questions and sentences written for them."""

from __future__ import annotations

from rag.answer.evidence import Candidate, _allowed
from rag.answer.exclusion import holds_set_aside, set_aside
from rag.answer.features import SentenceInfo, span_rows
from rag.answer.matching import term_positions
from rag.answer.question import analyze
from rag.answer.spans import candidates


def test_what_a_question_sets_aside_is_read_without_its_verb_or_marks():
    assert set_aside("除了坚持“四化”带动，还坚持什么？") == ("四化带动",)
    assert set_aside("他们除了爬长城，还游览了哪条江？") == ("长城",)
    assert set_aside("除了企业家、科学家，还可以推荐哪类人？") == ("企业家", "科学家")
    assert set_aside("除张三以外，还有谁出席？") == ("张三",)
    assert set_aside("除了会议，还有什么活动？")  # 除了 without 以外 too
    assert set_aside("他们游览了哪条江？") == () and set_aside("怎样除去杂质？") == ()


def test_a_candidate_holding_what_the_question_sets_aside_does_not_answer():
    question = analyze("除了坚持“绿色”发展，他们还坚持什么共享？")
    sentence = "全市坚持“绿色”发展、“成果”共享,加快转型。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    allowed = {spans[i].text for i in _allowed(question, Candidate(info=SentenceInfo(0, 0, len(sentence), sentence), spans=spans, span_x=rows))}
    assert allowed and not any(holds_set_aside(set_aside(question.text), text) for text in allowed)
    assert "“成果”" in allowed and "“绿色”发展" not in allowed and "坚持“绿色”发展" not in allowed
    plain = analyze("他们坚持什么共享？")  # nothing set aside: the whole list may answer
    rows = span_rows(plain, sentence, spans, term_positions(plain, sentence))
    assert any("绿色”发展" in spans[i].text for i in _allowed(plain, Candidate(info=SentenceInfo(0, 0, len(sentence), sentence), spans=spans, span_x=rows)))


def test_the_questions_words_frame_a_value_only_inside_its_clause():
    """"家访273人次，组织教研活动597次": 教研活动 after the comma frames the count of its own clause,
    597次, not the one before the comma (a name may be described after a comma)."""
    from rag.answer.features import SPAN_FEATURES

    question = analyze("一共组织了多少次教研活动？")
    sentence = "家访273人次，组织教研活动597次。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    right = {s.text: row[SPAN_FEATURES.index("right_frame")] for s, row in zip(spans, rows)}
    assert right["273人次"] == 0.0
