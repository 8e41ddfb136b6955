"""Traditional and simplified Chinese: either script finds and answers from either, quotes
stay verbatim in the article's own script, and indexes built before folding are rebuilt."""

from __future__ import annotations

import json
import shutil

import opencc
import pytest

from rag.config import Settings
from rag.lang import fold, to_simplified
from rag.pipeline import ask, build_index, engine_for, retrieve
from rag.search.tokens import tokenize
from tests.conftest import SEEDS
from tests.fake_openai import FakeChatServer
from tests.test_answer import assert_citation_contract

TRADITIONAL_SOURCE = "000_68611f4037c7f0ed.txt"  # the Liaocheng energy page; all of it fits Big5
TO_TRADITIONAL = opencc.OpenCC("s2tw")  # Taiwan standard forms (為, 群, 著), as a Big5 page prints them


def test_folding_is_character_for_character():
    traditional = "臺灣經濟發展與甚麼有關？衞生部門說：乾隆年間的頭髮。"
    folded = to_simplified(traditional)
    assert folded == "台湾经济发展与甚么有关？卫生部门说：干隆年间的头发。"
    assert len(folded) == len(traditional)  # offsets found in the folded text hold in the original
    seeds = "".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    assert to_simplified(seeds) == seeds  # simplified articles are left as they are
    assert fold("ＧＤＰ增長") == "gdp增长"


def test_bm25_tokens_are_the_same_in_either_script():
    assert tokenize("聊城新能源裝機總量同比增長") == tokenize("聊城新能源装机总量同比增长")
    assert tokenize(TO_TRADITIONAL.convert("上合组织元首理事会")) == tokenize("上合组织元首理事会")


@pytest.fixture(scope="module")
def mixed_scripts(tmp_path_factory) -> Settings:
    """The seeds with one page printed in traditional characters and saved as Big5."""
    root = tmp_path_factory.mktemp("scripts")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    page = seeds / TRADITIONAL_SOURCE
    page.write_bytes(TO_TRADITIONAL.convert(page.read_text(encoding="utf-8")).encode("big5"))
    settings = Settings(seeds_dir=seeds, index_dir=root / "vs", embed_model="none", generator="extractive")
    build_index(settings, progress=False)
    return settings


@pytest.mark.parametrize("question", ["聊城新能源裝機總量同比增長了多少？", "聊城新能源装机总量同比增长了多少？"])
def test_either_script_answers_from_a_traditional_big5_article(mixed_scripts, question):
    answer = ask(question, settings=mixed_scripts)
    assert not answer.abstained, answer.text
    assert "18.06" in answer.text
    assert_citation_contract(answer)  # every quote is a substring of its passage
    cited = [c for c in answer.citations if c.passage.source == TRADITIONAL_SOURCE]
    assert cited and any("增長" in c.quote for c in cited)  # quoted in the article's own script


def test_a_traditional_question_answers_from_a_simplified_article(mixed_scripts):
    answer = ask("聊城援青管理組實施了多少項新技術？", settings=mixed_scripts)
    assert not answer.abstained, answer.text
    assert "44" in answer.text
    assert_citation_contract(answer)
    assert any("新技术" in c.quote for c in answer.citations)


def test_a_model_answer_in_simplified_is_supported_by_a_traditional_article(mixed_scripts):
    """Through the OpenAI-compatible path, on a real loopback server."""
    with FakeChatServer(["聊城新能源装机总量", "同比增长18.06%[1]。"]) as server:
        settings = mixed_scripts.with_overrides(openai_base_url=server.base_url, generator="openai")
        answer = ask("聊城新能源裝機總量同比增長了多少？", settings=settings)
    assert not answer.abstained, (answer.text, answer.notes)
    assert answer.citations and answer.citations[0].passage.source == TRADITIONAL_SOURCE
    assert "增長" in answer.citations[0].quote and answer.citations[0].quote in answer.citations[0].passage.text


def test_an_index_built_before_folding_is_rebuilt(tmp_path):
    """The BM25 tokens changed, so the index signature did: an old index must not be served."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "tw.txt").write_text(TO_TRADITIONAL.convert((SEEDS / TRADITIONAL_SOURCE).read_text(encoding="utf-8")), encoding="utf-8")
    settings = Settings(seeds_dir=seeds, index_dir=tmp_path / "vs", embed_model="none")
    before = build_index(settings, progress=False).manifest["build_id"]
    manifest_path = tmp_path / "vs" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["settings"]["tokenizer"] = "cjk-uni-bigram+en-v1"  # what builds before folding recorded
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    engine_for(settings).invalidate()
    assert engine_for(settings).snapshot(progress=False).manifest["build_id"] != before
    assert retrieve("聊城新能源装机总量", k=1, settings=settings)
