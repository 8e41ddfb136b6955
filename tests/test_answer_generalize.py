"""The answerer's newer language rules, each on short synthetic sentences written for it:
names jieba breaks apart, questions that end in a noun or ask for several things,
pool-weighted overlap and the title, the clause of an answer, the runner-up
quote and a why-answer's cause, and citations. Whole candidate values and names are in
tests/test_answer_candidates.py,
the question's gap in tests/test_question_gap.py, values missing in their units in
tests/test_value_missing.py."""

from __future__ import annotations


import pytest

from rag.answer.align import question_candidates
from rag.answer.evidence import Evidence
from rag.answer.extractive import _pick_claims
from rag.answer.lexicon import Kind
from rag.answer.overlap import POOL_FEATURES, make_pool, pool_scores
from rag.answer.question import analyze, make_idf, question_kind
from rag.answer.spans import candidates
from tests.test_question_terms import _idf_of


@pytest.mark.parametrize(
    "question, kind",
    [
        ("ChatGPT和GPT4的发布时间", Kind.TIME),
        ("大会的举办地点？", Kind.PLACE),
        ("这座城市的人口是？", Kind.NUMBER),
        ("事故的原因", Kind.REASON),
        ("时间都去哪儿了？", Kind.PLACE),  # a question word wins over a noun
    ],
)
def test_a_question_may_end_in_the_noun_it_asks_for(question, kind):
    assert question_kind(question, "zh")[0] == kind


def test_words_every_retrieved_sentence_shares_weigh_little():
    question = analyze("长江大桥建成于哪一年？")
    sentences = ["长江大桥很长。", "长江大桥很宽。", "长江大桥建成于1957年。"]
    pool = make_pool(question, sentences)
    shared, answering = pool_scores(pool, sentences[0], ""), pool_scores(pool, sentences[2], "长江大桥")
    assert answering[0] > shared[0] + 0.3  # 建成 is printed only where the answer is
    assert answering[3] > 0 and shared[3] == 0  # the title names the question's subject


def test_a_name_no_retrieved_sentence_or_title_prints_is_marked_absent():
    """马飚 is printed by none of the sentences: the question is about someone else's article."""
    sentences = ["他毕业于北京大学。", "张永海是中国足球运动员。"]
    absent = POOL_FEATURES.index("name_absent")
    assert pool_scores(make_pool(analyze("马飚毕业于哪所大学？"), sentences), sentences[0], "")[absent] == 1.0
    assert pool_scores(make_pool(analyze("马飚毕业于哪所大学？"), sentences, ["马飚"]), sentences[0], "马飚")[absent] == 0.0
    assert pool_scores(make_pool(analyze("他毕业于哪所大学？"), sentences), sentences[0], "")[absent] == 0.0


def _evidence(text: str, probability: float, span_probability: float = 0.0) -> Evidence:
    return Evidence(0, 0, len(text), text, probability, None, span_probability)


def test_a_runner_up_the_model_cannot_tell_apart_is_quoted_too():
    question = analyze("大桥是哪一年建成的？")
    close = [_evidence("甲句。", 0.80), _evidence("乙句。", 0.76), _evidence("丙句。", 0.2)]
    assert [e.text for e in _pick_claims(question, close, settled=False)] == ["甲句。", "乙句。"]
    # Not when the best sentence states a confident short answer, nor when the runner-up is far behind.
    assert [e.text for e in _pick_claims(question, close, settled=True)] == ["甲句。"]
    far = [_evidence("甲句。", 0.80), _evidence("乙句。", 0.5)]
    assert [e.text for e in _pick_claims(question, far, settled=False)] == ["甲句。"]


def test_a_piece_of_a_question_word_is_never_the_short_answer():
    import numpy as np

    from rag.answer.evidence import Candidate, best_span
    from rag.answer.features import SentenceInfo, span_rows
    from rag.answer.matching import term_positions

    question = analyze("上合组织峰会在哪里举行？")  # 上合 is also matched as 上海合作组织
    sentence = "峰会期间，各方在上海合作组织框架内达成共识。"
    spans = question_candidates(question, sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    candidate = Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows)
    favouring = np.array([1.0 if s.text == "上海" else 0.1 for s in spans])  # even when scored best
    chosen = best_span(question, candidate, favouring)
    assert chosen == -1 or spans[chosen].text != "上海"


@pytest.mark.parametrize(
    "question, sentence, headline",
    [
        ("他访问了哪些城市？", "他先到上海，后到广州。", None),  # one city of two is half the answer
        ("他访问了哪些城市？", "他访问了上海、广州两座城市。", "上海、广州两座城市"),  # the enumeration answers
        ("他访问了哪座城市？", "他先到上海，后到广州。", "上海"),  # one is asked for: the best one
    ],
)
def test_a_question_asking_for_several_things_is_not_headed_by_one_of_them(question, sentence, headline):
    import numpy as np

    from rag.answer.evidence import Candidate, best_span, one_of_several
    from rag.answer.features import SentenceInfo, span_rows
    from rag.answer.matching import term_positions

    asked = analyze(question)
    spans = question_candidates(asked, sentence)
    rows = span_rows(asked, sentence, spans, term_positions(asked, sentence))
    candidate = Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows)
    scores = np.array([1.0 if s.text == (headline or "上海") else 0.2 for s in spans])
    chosen = best_span(asked, candidate, scores)
    assert spans[chosen].text == (headline or "上海")  # still the sentence's value (a quantity check reads it)
    assert one_of_several(asked, candidate, chosen) == (headline is None)


@pytest.mark.parametrize(
    "question, sentence, headline",
    [
        ("行政权名义上属于谁？", "行政权名义上属于君主，由总督代理执行。", "君主"),  # no name: a role answers 谁
        ("行政权名义上属于谁？", "行政权名义上属于女王伊丽莎白。", "女王伊丽莎白"),  # a name is preferred
    ],
)
def test_who_is_answered_by_a_role_when_the_sentence_names_no_one(question, sentence, headline):
    import numpy as np

    from rag.answer.evidence import Candidate, best_span
    from rag.answer.features import SentenceInfo, span_rows
    from rag.answer.matching import term_positions

    asked = analyze(question)
    spans = question_candidates(asked, sentence)
    rows = span_rows(asked, sentence, spans, term_positions(asked, sentence))
    candidate = Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, rows)
    # Every candidate scored alike except the role noun: only the allowed types compete.
    scores = np.array([0.9 if s.text == "君主" else 0.5 for s in spans])
    assert spans[best_span(asked, candidate, scores)].text == headline


def test_each_quoted_line_is_inside_its_citations_quote(offline_index, dev_questions):
    """Two sentences of one passage share its [n]: its quote then holds both. A line break of
    the passage between them is shown as a space (one line per claim)."""
    import re

    from rag.pipeline import ask

    for row in dev_questions:
        answer = ask(row["question"], settings=offline_index, generator="extractive")
        quotes = {c.n: re.sub(r"\s*\n\s*", " ", c.quote) for c in answer.citations}
        for line in answer.text.splitlines():
            marks = [int(m) for m in re.findall(r"\[(\d+)\]", line)]
            body = re.sub(r"\[\d+\]|^原文：|^The articles say: ", "", line).strip("“”")
            if not marks or "“" not in line and "原文" not in line and len(body) < 20:
                continue  # a short answer headline, not a quote
            pieces = [p for p in body.split("……") if p]
            assert all(any(p.rstrip("，；：,;:、") in quotes[m] for m in marks) for p in pieces), (row["question"], line)


def test_a_count_of_villagers_is_headed_by_people_and_a_quotation_is_marked_once(offline_index):
    """The seeds quote a villager: “销路打开后，……最多能有600多人。” Asked how many villagers, the
    count of people heads the reply, and the quotation is not wrapped in a second pair of marks."""
    from rag.pipeline import ask

    answer = ask("丰收的年份，最多会有多少村民上山打松塔？", settings=offline_index, generator="extractive")
    assert answer.text.splitlines()[0] == "600多人[1]"
    assert "600多人" in answer.citations[0].quote and "““" not in answer.text and "””" not in answer.text


def test_an_initial_in_a_quoted_name_does_not_end_the_claim():
    from rag.answer.citations import check_citations
    from rag.schema import Passage

    text = "《伏尔泰的朋友们》是霍尔以笔名S.G. Tallentyre写作的一部作品。"
    checked = check_citations(f"{text[:-1]}[1]", [Passage("p1", "a.txt", "伏尔泰", text, 0, len(text), 1.0)])
    assert checked.text == f"{text[:-1]}[1]"  # one claim, one marker at its end


def test_what_the_title_already_names_does_not_tell_an_articles_sentences_apart():
    from rag.answer.evidence import measure
    from rag.answer.features import SENTENCE_FEATURES, SPAN_STATS, sentence_rows
    from rag.schema import Passage

    text = "欧洲越橘是杜鹃花科越橘属的植物。果实含有大量的黄酮类化合物。"
    passage = Passage("p1", "a.txt", "欧洲越橘", text, 0, len(text), 1.0)
    question = analyze("欧洲越橘含有什么成分？", _idf_of([text]))
    infos = measure(question, [passage], _idf_of([text]))
    rows = sentence_rows(question, infos, [[0.0] * len(SPAN_STATS)] * len(infos), [1] * len(infos), None)
    beyond = rows[:, SENTENCE_FEATURES.index("beyond_title")]
    assert beyond[1] > beyond[0]  # 含有 is printed only where the answer is; 欧洲越橘 is the title


@pytest.mark.parametrize(
    "question, plural",
    [("该植物分布在哪些地区？", True), ("条约双方的代表分别是谁？", True), ("Which cities did he visit?", True),
     ("该植物分布在哪里？", False), ("Who signed the treaty?", False), ("What is the diameter of the ring?", False),
     ("What does the bank offer?", False), ("What was its name?", False),
     ("会议由哪两位部长主持？", True), ("会议由哪位部长主持？", False), ("会议由哪一位部长主持？", False)],
)
def test_a_question_asking_for_several_things_is_plural(question, plural):
    assert analyze(question).plural is plural


def test_a_why_answer_that_states_only_the_consequence_also_quotes_the_cause_before_it():
    from rag.answer.extractive import with_cause
    from rag.schema import Passage

    cause, consequence = "该片并非由米高梅公司制作。", "因此并没有列入官方电影列表中。"
    text = "该片于1954年播出。" + cause + consequence
    passage = Passage("p1", "a.txt", "赌城谍血", text, 0, len(text), 1.0)
    best = Evidence(0, text.index(consequence), len(text), consequence, 0.9)
    why = analyze("该片为什么没有列入官方电影列表？")
    assert with_cause(why, best, [passage]).text == cause + consequence
    # A sentence that states its cause, or a question that asks for no cause, is left alone.
    stated = Evidence(0, text.index(cause), text.index(consequence), "由于该片并非由米高梅公司制作。", 0.9)
    assert with_cause(why, stated, [passage]) is stated
    assert with_cause(analyze("该片没有列入什么列表？"), best, [passage]) is best


def test_the_answer_does_not_depend_on_the_scale_of_retrieval_scores(offline_index):
    """Fused ranks (local index) and raw BM25 (Milvus) score passages on different scales:
    the sentence probabilities read ranks, so the same passages give the same evidence."""
    from dataclasses import replace

    from rag.answer.evidence import score_evidence
    from rag.answer.model import load_model
    from rag.pipeline import retrieve

    question_text = "聊城援青管理组实施了多少项新技术？"
    passages = retrieve(question_text, settings=offline_index)
    question = analyze(question_text, _idf_of([p.text for p in passages]))
    idf = _idf_of([p.text for p in passages])
    scaled = [replace(p, score=p.score * 1000 + (len(passages) - i)) for i, p in enumerate(passages)]
    first, confidence = score_evidence(question, passages, load_model(), idf)
    second, confidence_scaled = score_evidence(question, scaled, load_model(), idf)
    assert [e.text for e in first] == [e.text for e in second]
    assert [round(e.probability, 9) for e in first] == [round(e.probability, 9) for e in second]
    assert round(confidence, 9) == round(confidence_scaled, 9)


def test_the_answers_clause_holds_the_question_words():
    from rag.answer.features import SPAN_FEATURES, span_rows
    from rag.answer.matching import term_positions

    question = analyze("该市2023年关停了多少台机组？")
    sentence = "该市2023年关停小煤电机组5台，未来两年还将关停13台。"
    spans = [s for s in candidates(sentence) if s.text in ("5台", "13台")]
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    share = dict(zip((s.text for s in spans), rows[:, SPAN_FEATURES.index("clause_terms")]))
    assert share["5台"] > share["13台"]


def test_the_answers_clause_holds_the_rare_question_words():
    """Both clauses print 教研活动; only one prints the rare 线上 the question adds: weighted by
    the words' rarity, its clause holds more of the question, however many characters match."""
    from rag.answer.features import SPAN_FEATURES, span_rows
    from rag.answer.matching import term_positions

    idf = make_idf(lambda t: {"线上": 1, "教研": 3, "活动": 40, "组织": 60, "开展": 40}.get(t, 5), 100)
    question = analyze("管理组开展了多少次线上教研活动？", idf)
    sentence = "管理组组织教研活动597次，开展线上教研活动53次。"
    spans = [s for s in candidates(sentence) if s.text in ("597次", "53次")]
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    share = dict(zip((s.text for s in spans), rows[:, SPAN_FEATURES.index("clause_weight")]))
    assert share["53次"] > 0.6 > share["597次"]


def test_after_a_copula_the_focus_is_the_head_of_the_phrase_asked_about():
    """"什么是国家发展的前提" asks for what the 前提 is: the head after 的, not 国家发展 before it."""
    assert "前提" in [t.surface for t in analyze("什么是国家发展的前提？").focus_terms]
    assert "创始人" in [t.surface for t in analyze("谁是该公司的创始人？").focus_terms]
    assert [t.surface for t in analyze("该市的人口是多少？").focus_terms] == ["人口"]  # before the wh-word, as before


def test_an_english_questions_words_are_counted_in_a_chinese_candidate_through_their_translations():
    """"Liaocheng's energy center" is printed 聊城…能源…中心: a candidate made of those words repeats
    the question, the name after them does not; English letters alone would count neither."""
    from rag.answer.features import SPAN_FEATURES, span_rows
    from rag.answer.spans import Span

    sentence = "聊城市能源中心主任王磊表示。"
    question = analyze("Who heads Liaocheng's energy center?")
    spans = [Span("聊城市能源中心", 0, 7, "org", 3), Span("王磊", 9, 11, "person", 1)]
    overlap = span_rows(question, sentence, spans, [])[:, SPAN_FEATURES.index("question_overlap")]
    assert overlap[0] > 0.7 and overlap[1] == 0.0
