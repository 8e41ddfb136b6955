"""Evaluation metrics on hand-made cases, the runner's outputs, comparison and floors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from rag.evaluate.metrics import char_f1, citation_supported, has_evidence, is_correct, score_question, summarize
from rag.evaluate.report import check_floors, compare
from rag.evaluate.runner import QuestionSetError, load_questions
from tests.conftest import ROOT


def _answer(text, abstained=False, citations=(), passages=()):
    return {"text": text, "abstained": abstained, "citations": list(citations), "passages": [{"text": t} for t in passages]}


def _citation(passage_text, quote):
    return {"n": 1, "quote": quote, "passage": {"text": passage_text}}


def test_matching_ignores_ocr_and_typesetting_differences():
    assert has_evidence("上海合作组织成立 23 年后，成员国增加到 10 个", ["成员国增加到10个"])
    assert not has_evidence("成员国增加到11个", ["成员国增加到10个"])


def test_a_gold_answer_written_with_full_width_digits_matches():
    assert is_correct("年均增长率达到70%[1]", ["７０％"], abstained=False)
    assert is_correct("６架战机[1]", ["6架"], abstained=False)


def test_abstention_is_never_a_correct_answer():
    assert not is_correct("文章中没有找到180", ["180"], abstained=True)


def test_char_f1_scores_the_short_answer_line():
    assert char_f1("穆赫贝尔[1]\n原文：“……伊朗代理总统穆赫贝尔……”[1]", ["穆赫贝尔"]) == 1.0
    assert 0 < char_f1("穆赫[1]", ["穆赫贝尔"]) < 1
    assert char_f1("张百顺", ["王磊"]) == 0.0


def test_citation_is_supported_by_evidence_or_by_a_quote_stating_the_answer():
    assert citation_supported("……主任王磊表示……", "", ["主任王磊表示"], ["王磊"])
    assert citation_supported("无关段落", "市长张百顺出席", ["市长张百顺出席发布会"], ["张百顺"])
    assert not citation_supported("无关段落", "无关引文", ["证据"], ["答案"])


def test_no_citations_leave_precision_undefined_and_recall_zero():
    row = {"answers": ["180"], "evidence": ["雇佣了180多人"]}
    outcome = score_question(row, _answer("大约180人", passages=["雇佣了180多人"]), k=5)
    assert outcome["correct"] and outcome["citation_precision"] is None and outcome["citation_recall"] is False
    assert outcome["hit_at_k"] and outcome["reciprocal_rank"] == 1.0


def test_several_evidence_strings_any_one_supports():
    row = {"answers": ["70"], "evidence": ["纪念大会", "五项原则发表70周年"]}
    answer = _answer("70周年[1]", citations=[_citation("和平共处五项原则发表70周年", "五项原则发表70周年")], passages=["x", "和平共处五项原则发表70周年"])
    outcome = score_question(row, answer, k=5)
    assert outcome["citation_precision"] == 1.0 and outcome["reciprocal_rank"] == 0.5


def test_english_question_answered_with_a_chinese_quote():
    row = {"answers": ["张百顺", "Zhang Baishun"], "evidence": ["市长张百顺出席发布会"], "lang": "en"}
    answer = _answer("张百顺 [1]\nThe articles say: “市长张百顺出席发布会” [1]", citations=[_citation("市长张百顺出席发布会", "市长张百顺出席发布会")], passages=["市长张百顺出席发布会"])
    outcome = score_question(row, answer, k=5)
    assert outcome["correct"] and outcome["citation_precision"] == 1.0 and outcome["citation_recall"]


def test_abstention_figures():
    records = []
    for answerable, abstained in [(False, True), (False, False), (True, True), (True, False)]:
        row = {"answers": ["x"] if answerable else [], "evidence": ["x"] if answerable else []}
        records.append({"metrics": score_question(row, _answer("x", abstained=abstained), 5), "latency_s": 0.1})
    summary = summarize(records)
    assert summary["abstention_precision"] == 0.5  # one of two abstentions was right
    assert summary["abstention_recall"] == 0.5  # one of two unanswerable questions abstained
    assert summary["false_abstention_rate"] == 0.5 and summary["false_abstentions"] == 1
    assert summary["latency_p50_s"] == pytest.approx(0.1)


def test_compare_marks_regressions_but_tolerates_latency_noise():
    old = {"overall": {"accuracy": 0.9, "latency_p50_s": 0.010}}
    table, regressions = compare(old, {"overall": {"accuracy": 0.8, "latency_p50_s": 0.011}})
    assert regressions == ["accuracy"] and "REGRESSION" in table
    _, none = compare(old, {"overall": {"accuracy": 0.95, "latency_p50_s": 0.009}})
    assert none == []


def test_floors_and_ceilings():
    summary = {"overall": {"accuracy": 0.8, "false_abstentions": 3}}
    failures = check_floors(summary, {"overall": {"accuracy": 0.9, "false_abstentions": 1}})
    assert len(failures) == 2 and "accuracy" in failures[0]
    assert check_floors(summary, {"overall": {"accuracy": 0.5, "false_abstentions": 3}}) == []


def test_question_files_with_errors_are_reported_by_line(tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"question": "谁？"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(QuestionSetError, match=":2:"):
        load_questions(bad)
    bad.write_text('{"answers": []}\n', encoding="utf-8")
    with pytest.raises(QuestionSetError, match="question"):
        load_questions(bad)
    good = tmp_path / "ok.jsonl"
    good.write_text('{"question": "聊城援青管理组实施了多少项新技术？", "answers": ["44"]}\n', encoding="utf-8")
    rows = load_questions(good)
    assert rows[0]["lang"] == "zh" and rows[0]["type"] == "unknown" and rows[0]["evidence"] == []


@pytest.mark.slow
def test_eval_command_writes_report_plot_and_compares(tmp_path):
    questions = tmp_path / "mine.jsonl"
    rows = [
        {"id": "a", "question": "聊城援青管理组实施了多少项新技术？", "answers": ["44"], "evidence": ["实施新技术44项"], "type": "factoid", "lang": "zh"},
        {"id": "b", "question": "2024年聊城市常住人口是多少？", "answers": [], "evidence": [], "type": "unanswerable", "lang": "zh"},
    ]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    env = {**__import__("os").environ, "RAG_INDEX_DIR": str(tmp_path / "vs"), "RAG_EMBED_MODEL": "not-a-real-org/no-such-model"}
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "rag", "eval", "--questions", str(questions), "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "accuracy 1.000" in run.stdout
    results = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"question", "answer", "citations", "passages", "abstained", "generator", "latency_s", "metrics"} <= set(results[0])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["by_type"]) == {"factoid", "unanswerable"} and "zh" in summary["by_lang"]
    assert (out / "metrics.png").stat().st_size > 5000
    assert "metrics.png" in (out / "summary.md").read_text(encoding="utf-8")
    worse = dict(summary, overall={**summary["overall"], "accuracy": 0.5})
    # The baseline's latencies are generous: two runs' timings differ with the machine's load, and
    # a test asserts behaviour, not speed (latency regressions are the benchmarks' business).
    baseline = {**summary["overall"], "accuracy": 1.0, "latency_p50_s": 60.0, "latency_p95_s": 60.0}
    (tmp_path / "old.json").write_text(json.dumps({**summary, "overall": baseline}), encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "rag", "eval", "--questions", str(questions), "--out", str(out), "--compare", str(tmp_path / "old.json")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "accuracy" in again.stdout
    (tmp_path / "better.json").write_text(json.dumps({**worse, "overall": {**summary["overall"], "accuracy": 1.5}}), encoding="utf-8")
    regressed = subprocess.run([sys.executable, "-m", "rag", "eval", "--questions", str(questions), "--out", str(out), "--compare", str(tmp_path / "better.json")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert regressed.returncode == 1 and "REGRESSION" in regressed.stdout


def test_the_span_model_learns_near_misses_as_partly_right():
    """A clipped name is worth more than a far candidate and less than the answer itself,
    and a clause that merely holds the answer is worth little."""
    import numpy as np

    from rag.answer.evidence import Candidate
    from rag.answer.features import SentenceInfo
    from rag.answer.spans import candidates
    from rag.evaluate.labels import span_labels

    sentence = "主题曲由歌手袁丽嫦原唱，大受欢迎"
    spans = [s for s in candidates(sentence) if s.text in ("袁丽嫦", "袁丽", "大受欢迎", "主题曲由歌手袁丽嫦原唱")]
    labels = dict(zip((s.text for s in spans), span_labels(Candidate(SentenceInfo(0, 0, len(sentence), sentence), spans, np.zeros((len(spans), 1))), ["袁丽嫦"])))
    assert labels["袁丽嫦"] == 1.0 and labels.get("大受欢迎", 0.0) == 0.0
    assert 0.5 < labels["袁丽"] < 1.0
    assert labels["主题曲由歌手袁丽嫦原唱"] < 0.3


def _synthetic_documents(n: int) -> list:
    """n small articles of four sentences, a question about each sentence."""
    from rag.evaluate.squad import Document

    documents = []
    for i in range(n):
        facts = [f"第{i}号站点建于{1900 + k}年。" for k in range(4)]
        doc = Document(f"站点{i}", "".join(facts))
        for k, fact in enumerate(facts):
            doc.questions.append({"id": f"{i}-{k}", "question": f"第{i}号站点的第{k}件事是什么？", "answers": [f"{1900 + k}年"], "starts": [doc.text.index(fact)]})
        documents.append(doc)
    return documents


def test_other_draws_of_the_fitting_part_keep_the_split_and_delete_other_answers():
    """`train-answerer --samples N` draws the fitting part N times: other answers are deleted
    for hard negatives, but every draw stays inside the same part (the measuring part's
    articles are never fitted on) and the first draw is the one eval builds."""
    from rag.evaluate.squad import build_collection, part_of

    documents = _synthetic_documents(60)
    first, again, other = (build_collection(documents, "fit", 10, 10, 10, 0, sample) for sample in (0, 0, 1))
    assert first.rows == again.rows
    hard = [{r["id"] for r in c.rows if r["type"] == "hard_negative"} for c in (first, other)]
    assert hard[0] and hard[1] and hard[0] != hard[1]
    titles = {a.title for c in (first, other) for a in c.articles} | {r["sources"][0].removesuffix(".txt") for c in (first, other) for r in c.rows}
    assert all(part_of(title, 0) == "fit" for title in titles)


def test_questions_a_squad2_file_marks_impossible_are_negatives_of_their_own_kind(tmp_path):
    """SQuAD 2.0 marks unanswerable questions `is_impossible` and lists "plausible_answers":
    they are asked as `impossible` negatives, never as answerable rows or hard negatives."""
    from rag.evaluate.squad import build_collection, load_documents

    paragraphs = [{"context": f"第{i}号站点建于{1900 + i}年。它位于河边。", "qas": [
        {"id": f"{i}a", "question": f"第{i}号站点建于哪一年？", "answers": [{"text": f"{1900 + i}年", "answer_start": 5}]},
        {"id": f"{i}b", "question": f"第{i}号站点有多少名员工？", "is_impossible": True, "answers": [], "plausible_answers": [{"text": f"{1900 + i}年", "answer_start": 5}]},
    ]} for i in range(6)]
    path = tmp_path / "squad2.json"
    path.write_text(json.dumps({"data": [{"title": f"站点{i}", "paragraphs": [p]} for i, p in enumerate(paragraphs)]}, ensure_ascii=False), encoding="utf-8")
    collection = build_collection(load_documents(path), "all", 4, 2, 2, 0)
    kinds = {row["id"]: row["type"] for row in collection.rows}
    assert all(kind == "impossible" for key, kind in kinds.items() if key.endswith("b") and kind != "left_out")
    assert sum(kind == "impossible" for kind in kinds.values()) == 4
    assert all(kind in ("answerable", "hard_negative", "left_out") for key, kind in kinds.items() if key.endswith("a"))
    assert all(row["answers"] == [] for row in collection.rows if row["type"] != "answerable")


def _asked(question, source):
    return {"id": source, "question": question, "answers": ["x"], "evidence": [], "sources": [source], "type": "answerable", "lang": "zh"}


def test_a_swapped_negative_asks_for_an_attribute_its_article_never_prints():
    """The focus noun is swapped for another question's focus of the same kind that shares
    no character with it and that the article doesn't print: 妻子 -> 父亲, never to the 价格
    of a number question, and not to a word the article prints."""
    import random

    from rag.evaluate.swapped import swapped_rows

    rows = [_asked("张三的妻子是谁？", "a.txt"), _asked("李四的父亲是谁？", "b.txt"), _asked("大桥的价格是多少？", "c.txt")]
    texts = {"a.txt": "张三的妻子是王芳。", "b.txt": "李四的父亲是李大。", "c.txt": "大桥的价格为3亿元。"}
    swapped = {r["sources"][0]: r for r in swapped_rows(rows, texts, 10, random.Random(0))}
    assert swapped["a.txt"]["question"] == "张三的父亲是谁？" and swapped["b.txt"]["question"] == "李四的妻子是谁？"
    assert swapped["a.txt"]["type"] == "swapped" and swapped["a.txt"]["answers"] == []
    assert "c.txt" not in swapped  # no other number question to take an attribute from
    texts["a.txt"] = "张三的妻子是王芳，父亲是张大。"
    assert {r["sources"][0] for r in swapped_rows(rows, texts, 10, random.Random(0))} == {"b.txt"}
    assert len(swapped_rows(rows, texts, 1, random.Random(0))) == 1 and swapped_rows(rows, texts, 0, random.Random(0)) == []
    # A dataset in traditional script (DRCD): the attribute is found and swapped all the same.
    traditional = [_asked("張三的妻子是誰？", "a.txt"), _asked("李四的父親是誰？", "b.txt")]
    swapped = {r["sources"][0]: r["question"] for r in swapped_rows(traditional, {"a.txt": "張三的妻子是王芳。", "b.txt": "李四的父親是李大。"}, 10, random.Random(0))}
    assert swapped == {"a.txt": "張三的父亲是誰？", "b.txt": "李四的妻子是誰？"}


def test_the_model_file_keeps_tree_answerability_and_reads_an_older_single_span_threshold(tmp_path):
    """The answerability model may be trees; a file written before the headline threshold was
    kept per language still loads, its one threshold holding for both languages."""
    from rag.answer.model import TreeModel, load_model, save_model

    model = load_model()
    path = tmp_path / "answerer.json"
    save_model(model, path, {"command": "test"})
    again = load_model(path)
    assert isinstance(again.question, TreeModel) and again.span_threshold == model.span_threshold
    rows = np.random.default_rng(0).random((5, len(model.question.features)))
    assert np.allclose(again.question.probability(rows), model.question.probability(rows), atol=1e-5)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["thresholds"]["span"] = 0.7
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    old = load_model(older)
    assert old.span_threshold_for("en") == old.span_threshold_for("zh") == 0.7
