"""How a reply quotes its sentence: never cut inside a number, the sentence beside the best one
joined when nearly as likely, and for a why-question the clause of consequence read as marking
its cause. Checked on short synthetic sentences."""

from __future__ import annotations

import pytest

from rag.answer.evidence import Evidence
from rag.answer.extractive import neighbour, trim_quote
from rag.answer.lexicon import CAUSE_MARKERS
from rag.answer.question import analyze
from rag.answer.spans import Span
from rag.schema import Passage


def test_a_long_quote_is_never_cut_inside_a_number():
    """2,800 is one number: a quote trimmed to the clauses around its short answer does not end
    at the number's comma ("…生长于海拔100米至2")."""
    places = "、".join(["越南", "老挝", "缅甸", "泰国", "尼泊尔", "菲律宾", "印度", "不丹", "日本", "朝鲜"] * 6)
    # The list's clause is as long as fits one quote with the number's clause up to its comma,
    # not with the whole of it.
    places = places[: 146 - len("这种植物分布于等地，")]
    sentence = f"这种植物分布于{places}等地，生长于海拔100米至2,800米的地区，见于灌丛处。"
    value = "100米至2,800米"
    at = sentence.index(value)
    evidence = Evidence(0, 0, len(sentence), sentence, 0.9, Span(value, at, at + len(value), "quantity", 1))
    start, end = trim_quote(evidence, analyze("这种植物生长在海拔多少米的地区？"))
    assert len(sentence) > 160 and value in sentence[start:end]


def test_the_sentence_beside_the_best_is_quoted_when_nearly_as_likely():
    """An answer running over two sentences is quoted whole: the sentence right after (or
    before) the best one in its passage joins it when the model rates it at least half as
    likely; a sentence further away, or an unlikely one, does not."""
    sentences = ["这种树有三个特征。", "叶子宽大，果实坚硬。", "树皮灰白。", "它分布在南方。"]
    text = "".join(sentences)
    starts = [text.index(s) for s in sentences]

    def evidence(i: int, probability: float) -> Evidence:
        return Evidence(0, starts[i], starts[i] + len(sentences[i]), sentences[i], probability)

    passages = [Passage("tree-0", "tree.txt", "这种树", text, 0, len(text), 1.0)]
    best = evidence(1, 0.8)
    assert neighbour(best, [best, evidence(2, 0.5), evidence(0, 0.3)], passages).text == "树皮灰白。"
    assert neighbour(best, [best, evidence(2, 0.3), evidence(0, 0.45)], passages).text == "这种树有三个特征。"
    assert neighbour(best, [best, evidence(3, 0.7), evidence(2, 0.2)], passages) is None  # not beside it


def test_a_sentence_quoted_with_the_best_one_is_not_quoted_again(monkeypatch):
    """The best sentence's runner-up, nearly as likely, is also the sentence right before it:
    the reply quotes the two once, in the passage's order (it had quoted the runner-up again on
    a line of its own)."""
    import rag.answer.extractive as extractive

    sentences = ["甲地盛产松子。", "首批松子完成报关。"]
    text = "".join(sentences)
    passages = [Passage("a-0", "a.txt", "松子", text, 0, len(text), 1.0)]
    before = Evidence(0, 0, len(sentences[0]), sentences[0], 0.9)
    best = Evidence(0, len(sentences[0]), len(text), sentences[1], 0.95)
    monkeypatch.setattr(extractive, "score_evidence", lambda *args: ([best, before], 0.95))
    draft = extractive.extract_answer(analyze("松子产自哪里？"), passages, lambda word: 1.0)
    assert not draft.abstained
    assert draft.text.count("甲地盛产松子") == 1 and draft.text.count("首批松子完成报关") == 1, draft.text


@pytest.mark.parametrize(
    "sentence, states_cause",
    [
        ("果实有瘤刺，因此得名“角瓜”。", True),  # the clause before 因此 is the cause
        ("这里雨水充足，所以畜牧业发达。", True),
        ("该地因盛产白银而得名。", True),
        ("It rained all day, so the match was put off.", True),
        ("因此并没有列入官方电影列表中。", False),  # begins with 因此: the consequence alone
        ("畜牧业在这里很发达。", False),
    ],
)
def test_a_word_of_consequence_inside_a_sentence_marks_its_cause(sentence, states_cause):
    assert bool(CAUSE_MARKERS.search(sentence)) is states_cause


def test_a_quote_running_over_two_adjacent_sentences_keeps_its_citation():
    """An extractive quote may hold a sentence with the one before it, printed across the line
    the article broke between them: it is verbatim in the passage, so its marker stays and its
    citation quotes both sentences; a claim the passage does not state still loses its marker."""
    from rag.answer.citations import check_citations

    first = "当地时间7月4日上午，国家主席在阿斯塔纳出席元首理事会第二十四次会议。"
    second = "轮值主席国总统主持会议，白俄罗斯总统、吉尔吉斯斯坦总统扎帕罗夫、巴基斯坦总理等参加。"
    text = f"{first}\n{second}\n会后双方签署了合作文件。"
    passage = Passage("p1", "a.txt", "峰会", text, 0, len(text), 1.0)
    checked = check_citations(f"The articles say: “{first} {second}” [1]", [passage])
    assert checked.text.endswith("[1]") and not checked.unsupported
    assert checked.citations[0].quote == f"{first}\n{second}"
    unrelated = check_citations("The articles say: “上海港今年吞吐量创新高，集装箱航线增加到三百条。” [1]", [passage])
    assert not unrelated.citations and unrelated.unsupported
