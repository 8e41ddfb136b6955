"""Hybrid retrieval on the real seeds: tokens, fusion, dense path, offline path, index lifecycle."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from rag.config import Settings
from rag.index.manifest import read_manifest
from rag.pipeline import ask, build_index, engine_for, retrieve
from rag.schema import Chunk
from rag.search.retriever import _shingles, distinct_passages, is_copy, rrf, weighted
from rag.lang import contains_normalized
from rag.search.tokens import tokenize
from rag.search.translate import translate_query
from tests.conftest import ROOT, SEEDS


def test_chinese_tokens_are_characters_and_bigrams():
    tokens = tokenize("聊城新能源装机总量，同比增长１８.０６%")
    assert {"聊城", "新能", "能源", "聊", "城"} <= set(tokens)
    assert "18.06" in tokens  # full-width digits normalised, decimals kept whole
    assert "，" not in tokens and "%" not in tokens


def test_english_tokens_are_stemmed_without_stopwords():
    assert tokenize("How many fighter jets escorted the plane?") == ["fighter", "jet", "escort", "plane"]


def test_english_question_is_translated_through_the_dictionary():
    terms = translate_query("Who is the mayor of Liaocheng?")
    assert "市长" in terms and "聊城" in terms
    assert "埃菲尔铁塔" in translate_query("What is the diameter of the rings on the Eiffel Tower?")
    assert "生产总值" in translate_query("How much did GDP grow?")  # "gross domestic product (GDP)"


def test_an_english_question_is_searched_by_the_translations_the_collection_uses():
    text = "上合峰会在阿斯塔纳举行。"
    grams = {text[i : i + 2] for i in range(len(text) - 1)}
    plain, used = translate_query("Where was the summit held?"), translate_query("Where was the summit held?", grams.__contains__)
    assert "峰会" not in plain  # the dictionary's first senses: 巅, 山巅, 峰顶…
    assert "峰会" in used and "举行" in used and "山巅" not in used


def test_rrf_prefers_passages_both_lists_agree_on():
    fused = rrf({"bm25": [1, 2, 3], "dense": [3, 4, 1]}, k=60)
    order = [r.row for r in fused]
    assert order[:2] == [1, 3]  # in both lists
    assert fused[0].ranks == {"bm25": 1, "dense": 3}


def test_weighted_fusion_normalises_each_list():
    # BM25 scores are unbounded, cosine scores are not: min-max per list puts them on one scale.
    scores = {"bm25": np.array([0.0, 100.0, 90.0, 0.0]), "dense": np.array([0.9, 0.1, 0.85, 0.2])}
    fused = weighted({"bm25": [1, 2, 3], "dense": [0, 2, 3]}, scores, {"bm25": 0.5, "dense": 0.5})
    assert fused[0].row == 2  # near the top of both lists beats the top of one
    assert fused[0].score == pytest.approx(0.5 * 0.9 + 0.5 * (0.85 - 0.2) / 0.7)


def test_offline_hit_at_5_on_chinese_dev_questions(offline_index, dev_questions):
    rows = [q for q in dev_questions if q["lang"] == "zh" and q["answers"]]
    hits = 0
    for row in rows:
        passages = retrieve(row["question"], k=5, settings=offline_index)
        hits += any(contains_normalized(p.text, e) for p in passages for e in row["evidence"])
    assert hits / len(rows) >= 0.95


def test_passages_follow_the_contract(offline_index, articles):
    texts = {a.id: a.text for a in articles}
    passages = retrieve("上合示范区累计开行了多少列中欧班列？", k=5, settings=offline_index)
    assert len(passages) == 5
    assert passages == sorted(passages, key=lambda p: -p.score)
    snapshot = engine_for(offline_index).snapshot()
    by_id = {c.id: c for c in snapshot.chunks}
    for passage in passages:
        chunk = by_id[passage.id]
        assert passage.text == texts[chunk.article_id][passage.start : passage.end]
        assert passage.source.endswith(".txt") and passage.title


def test_near_duplicate_passages_are_collapsed(offline_index):
    question = "习近平在阿斯塔纳独立宫出席了什么会议？"  # its report's lead is printed again as a caption
    plain = retrieve(question, k=8, settings=offline_index, dedup_threshold=1.0)
    deduped = retrieve(question, k=8, settings=offline_index)
    shingled = [(p.text, _shingles(p.text)) for p in deduped]
    for i in range(len(shingled)):
        for j in range(i + 1, len(shingled)):
            assert not is_copy(shingled[i], shingled[j], 0.6)
    raw = [(p.text, _shingles(p.text)) for p in plain]
    assert any(is_copy(raw[i], raw[j], 0.6) for i in range(len(raw)) for j in range(i + 1, len(raw)))


def _chunk(name: str, text: str) -> Chunk:
    return Chunk(name, name, f"{name}.txt", name, text, 0, len(text), 0)


def test_a_passage_holding_a_shorter_copy_replaces_it():
    lead = "2023年12月28日上午，绿色发展主题新闻发布会举行。"
    caption = _chunk("caption", lead)
    story = _chunk("story", lead[:-1] + "，市长张三出席发布会，并介绍了全市发展相关情况。")
    other = _chunk("other", "市政府新闻办召开新闻发布会，介绍迎峰度夏电力保供情况。")
    kept = distinct_passages([(caption, 3.0), (other, 2.0), (story, 1.0)], k=2, threshold=0.6)
    assert [p.id for p in kept] == ["story", "other"]  # the whole story, in the caption's place
    assert kept[0].score == 3.0
    assert [p.id for p in distinct_passages([(story, 3.0), (caption, 2.0), (other, 1.0)], k=2, threshold=0.6)] == ["story", "other"]


def test_a_caption_with_a_sentence_of_its_own_is_kept_beside_its_story():
    lead = "当地时间7月4日下午，国家主席在阿斯塔纳出席峰会并发表题为《携手构建更加美好的家园》的重要讲话。"
    story = _chunk("story", lead + "\n主席指出，我们首次以这种形式举行峰会，好朋友、新伙伴济济一堂。")
    caption = _chunk("caption", lead + "峰会开始前，主席出席总统为与会代表团团长举行的欢迎宴会。")
    credited = _chunk("credited", lead + "新华社记者摄")  # a credit is not a sentence of its own
    kept = distinct_passages([(story, 3.0), (caption, 2.0), (credited, 1.0)], k=3, threshold=0.6)
    assert [p.id for p in kept] == ["story", "caption"]


def test_a_story_whose_lead_is_repeated_as_a_caption_is_found(offline_index):
    """The seeds print the lead of 003's press-conference story again as a photo caption; the
    caption ranks first, and the story with the names must not be dropped as its copy."""
    passages = retrieve("谁出席了聊城的新闻发布会？", k=5, settings=offline_index)
    assert any("张百顺出席发布会" in p.text for p in passages)
    assert not any(p.text in other.text for p in passages for other in passages if p is not other)
    assert "张百顺" in ask("谁出席了聊城的新闻发布会？", settings=offline_index).text.split("\n")[0]


def test_offline_path_records_why_there_are_no_vectors(offline_index):
    manifest = read_manifest(offline_index.index_dir)
    assert manifest["dense"] is None
    assert "no-such-model" in manifest["embedder"]["error"]
    assert "huggingface-cli download" in manifest["embedder"]["error"]
    retriever = engine_for(offline_index).retriever(offline_index)
    assert any("BM25" in note for note in retriever.notes)


@pytest.mark.slow
def test_dense_path_end_to_end_with_a_tiny_model(dense_settings):
    snapshot = build_index(dense_settings, progress=False)
    manifest = snapshot.manifest
    assert manifest["dense"]["kind"] == "flat" and manifest["dense"]["count"] == len(snapshot.chunks)
    assert manifest["embedder"]["status"] == "ok" and manifest["embedder"]["dim"] == 32
    assert (snapshot.folder / "dense.faiss").exists() and (snapshot.folder / "embeddings.npy").exists()
    retriever = engine_for(dense_settings).retriever(dense_settings)
    ranked = retriever.rank("聊城新能源装机总量同比增长了多少？")
    assert any("dense" in r.ranks for r in ranked)
    passages = retriever.search("聊城新能源装机总量同比增长了多少？", 5)
    # A fresh process loads the saved FAISS and BM25 files and gets the same answer.
    code = (
        "import json, rag; from rag.config import Settings;"
        f"s = Settings(seeds_dir={str(SEEDS)!r}, index_dir={str(dense_settings.index_dir)!r}, embed_model={dense_settings.embed_model!r});"
        "print(json.dumps([p.id for p in rag.retrieve('聊城新能源装机总量同比增长了多少？', k=5, settings=s)]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [p.id for p in passages]
    assert read_manifest(dense_settings.index_dir)["build_id"] == manifest["build_id"]  # loaded, not rebuilt


def test_large_collections_get_an_hnsw_index(dense_settings):
    settings = dense_settings.with_overrides(hnsw_threshold=10)
    snapshot = build_index(settings, progress=False)
    assert snapshot.manifest["dense"]["kind"] == "hnsw"
    assert len(retrieve("习近平在阿斯塔纳会见了哪位联合国秘书长？", k=5, settings=settings)) == 5


def _copy_seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_index_rebuilds_when_articles_or_settings_change(tmp_path):
    seeds = _copy_seeds(tmp_path)
    settings = Settings(seeds_dir=seeds, index_dir=tmp_path / "vs", embed_model="not-a-real-org/no-such-model")
    engine = engine_for(settings)
    first = engine.snapshot(progress=False).manifest["build_id"]
    engine.recheck()
    assert engine.snapshot(progress=False).manifest["build_id"] == first  # nothing changed
    (seeds / "000_68611f4037c7f0ed.txt").touch()
    engine.recheck()
    assert engine.snapshot(progress=False).manifest["build_id"] == first  # mtime alone is not a change
    page = seeds / "003_ac244583d500c494.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n新增一段测试文字，用于检查索引更新。\n", encoding="utf-8")
    engine.recheck()
    second = engine.snapshot(progress=False).manifest["build_id"]
    assert second != first
    other = settings.with_overrides(chunk_chars=200)
    assert engine_for(other).snapshot(progress=False).manifest["build_id"] != second


def test_adding_an_article_embeds_only_its_chunks(tmp_path, tiny_st_model):
    seeds = _copy_seeds(tmp_path)
    settings = Settings(seeds_dir=seeds, index_dir=tmp_path / "vs", embed_model=str(tiny_st_model))
    first = build_index(settings, progress=False).manifest
    assert first["embedder"]["embedded"] == first["counts"]["chunks"]
    (seeds / "005_new.txt").write_text("新华社北京7月9日电 记者从有关部门获悉，聊城新建一座图书馆，藏书十万册。\n\n聊城新建图书馆\n", encoding="utf-8")
    second = build_index(settings, progress=False).manifest
    added = second["counts"]["chunks"] - first["counts"]["chunks"]
    assert added >= 1
    assert second["embedder"]["embedded"] == added
    assert second["embedder"]["reused"] == first["counts"]["chunks"]


def test_a_build_that_dies_leaves_the_previous_index_usable(tmp_path, monkeypatch):
    settings = Settings(seeds_dir=SEEDS, index_dir=tmp_path / "vs", embed_model="not-a-real-org/no-such-model")
    before = build_index(settings, progress=False).manifest["build_id"]

    from rag.index import sparse_build

    def disk_full(self, folder):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "data.csc.index.npy").write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sparse_build.StreamingBM25, "save", disk_full)
    with pytest.raises(OSError):
        build_index(settings, progress=False)
    monkeypatch.undo()
    assert read_manifest(settings.index_dir)["build_id"] == before
    assert not list(settings.index_dir.glob(".build-*.partial"))
    assert retrieve("聊城援青管理组实施了多少项新技术？", k=3, settings=settings)


def test_an_irregular_past_tense_is_translated_as_its_verb():
    """"won" is the past of "win" in a question, not the Korean currency; "met" is "meet"."""
    from rag.search.translate import translate_terms

    terms = dict(translate_terms("Who won the 2024 Kazakhstan presidential election?"))
    assert "赢得" in terms["won"] and "韩元" not in terms["won"]
    assert "会晤" in dict(translate_terms("When did Xi Jinping meet Tokayev?"))["meet"]
    assert dict(translate_terms("Where did they met?")).get("met") == dict(translate_terms("Where did they meet?"))["meet"]


def test_how_many_times_counts_occurrences_and_searches_for_no_times():
    """"times" of "how many times" is the measure word 次, not 时代 or 泰晤士; the count's unit stays."""
    from rag.answer.question import analyze
    from rag.search.translate import translate_terms

    assert "times" not in dict(translate_terms("How many times has Xi Jinping visited Kazakhstan?"))
    assert analyze("How many times has Xi Jinping visited Kazakhstan?").value_units.startswith("次")


def test_a_phrasal_verb_is_found_without_its_particle_and_a_verb_by_its_own_gloss():
    """"meet" finds 会见 ("to meet with"); "presided" is "to preside" (主持), not a piece of
    "presiding judge"; a preposition ("over") is searched for nothing."""
    from rag.search.translate import TRANSLATION_POOL, translate_terms

    assert "会见" in dict(translate_terms("Who did Xi Jinping meet in Astana?", TRANSLATION_POOL))["meet"]
    terms = dict(translate_terms("Who presided over the summit?"))
    assert "主持" in terms["presided"] and "庭长" not in terms["presided"]
    assert "over" not in terms and tokenize("presided over the meeting") == ["presid", "meet"]


def test_a_proper_nouns_description_translates_nothing():
    """CC-CEDICT glosses a name and then says what it is ("Coolpad Group Ltd, Chinese company",
    "Nanle county in Puyang, Henan"): "Chinese" and "Henan" are no names of 酷派 or 南乐县, and a
    common word's gloss that opens with a capital ("Chinese toon") is no name either."""
    from rag.search.translate import translate_terms

    assert "酷派" not in sum(dict(translate_terms("How many Chinese companies are there?")).values(), [])
    assert "南乐县" not in dict(translate_terms("Where is Henan?", 50))["henan"]
    assert "椿" not in dict(translate_terms("Which Chinese cities?", 50)).get("chinese", [])


def test_hung_is_the_past_of_hang():
    """"hung" is looked up as "to hang" (挂), not as the name Hung (洪佛)."""
    from rag.search.translate import translate_terms

    hung = dict(translate_terms("Where were the rings hung?", 24))["hung"]
    assert "挂" in hung and "洪佛" not in hung


def test_a_british_spelling_is_looked_up_in_its_american_form():
    """CC-CEDICT glosses in American spelling: "organiser" is "organizer" (组织者), "centre"
    "center" (中心); a word the dictionary knows as written ("hour") stays itself."""
    from rag.search.translate import translate_terms

    assert "组织者" in dict(translate_terms("Who is the organiser?"))["organiser"]
    assert "中心" in dict(translate_terms("Where is the centre?"))["centre"]
    assert dict(translate_terms("How long is an hour?"))["hour"] == dict(translate_terms("How long is one hour?"))["hour"]


def test_chinese_written_into_an_english_question_is_searched_as_written():
    from rag.search.translate import translate_query

    terms = translate_query("Which body is the organiser (主办) of the 《出彩聊城人》 campaign?")
    assert "主办" in terms and "出彩聊城人" in terms
