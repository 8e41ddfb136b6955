"""The regression gate: the evaluation runs on the dev and held-out sets in CI, and a figure
below its floor fails the build (floors are set from measurements, not as targets)."""

from __future__ import annotations

import json

import pytest

from rag.evaluate.data_files import dev_questions_path
from rag.evaluate.report import check_floors
from rag.evaluate.runner import load_questions, run_eval
from tests.conftest import ROOT


@pytest.mark.parametrize(
    "questions, floors",
    [
        (dev_questions_path(), ROOT / "rag" / "data" / "eval_floors.json"),
        (ROOT / "eval" / "heldout_qa.jsonl", ROOT / "eval" / "heldout_floors.json"),
        (ROOT / "eval" / "fresh_qa.jsonl", ROOT / "eval" / "fresh_floors.json"),
        (ROOT / "eval" / "fresh2_qa.jsonl", ROOT / "eval" / "fresh2_floors.json"),
        (ROOT / "eval" / "fresh3_qa.jsonl", ROOT / "eval" / "fresh3_floors.json"),
        (ROOT / "eval" / "fresh4_qa.jsonl", ROOT / "eval" / "fresh4_floors.json"),
        (ROOT / "eval" / "fresh5_qa.jsonl", ROOT / "eval" / "fresh5_floors.json"),
        (ROOT / "eval" / "fresh6_qa.jsonl", ROOT / "eval" / "fresh6_floors.json"),
        (ROOT / "eval" / "fresh7_qa.jsonl", ROOT / "eval" / "fresh7_floors.json"),
        (ROOT / "eval" / "fresh8_qa.jsonl", ROOT / "eval" / "fresh8_floors.json"),
        (ROOT / "eval" / "fresh9_qa.jsonl", ROOT / "eval" / "fresh9_floors.json"),
        (ROOT / "eval" / "fresh10_qa.jsonl", ROOT / "eval" / "fresh10_floors.json"),
        (ROOT / "eval" / "fresh11_qa.jsonl", ROOT / "eval" / "fresh11_floors.json"),
        (ROOT / "eval" / "fresh12_qa.jsonl", ROOT / "eval" / "fresh12_floors.json"),
        (ROOT / "eval" / "fresh13_qa.jsonl", ROOT / "eval" / "fresh13_floors.json"),
    ],
    ids=["dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13"],
)
def test_evaluation_stays_above_its_floors(offline_index, questions, floors):
    _, summary = run_eval(load_questions(questions), offline_index, progress=False)
    failures = check_floors(summary, json.loads(floors.read_text(encoding="utf-8")))
    assert not failures, failures


CMRC = ROOT.parent / "shared" / "eval" / "cmrc2018_trial.json"


@pytest.mark.slow
@pytest.mark.skipif(not CMRC.exists(), reason="the CMRC 2018 trial set lives in ../shared/eval")
def test_open_set_stays_above_its_floors(tmp_path):
    """The held-out part of CMRC 2018 trial (never fitted on), pooled with left-out-article
    and hard negatives, on the offline path (BM25 + extractive)."""
    from rag.config import Settings
    from rag.evaluate.squad_run import run_squad_eval, squad_collection

    collection = squad_collection(CMRC, "test", 120, 60, 60, 0)
    settings = Settings(seeds_dir=tmp_path / "none", index_dir=tmp_path / "vs", embed_model="none", generator="extractive")
    _, summary = run_squad_eval(collection, settings, progress=False)
    failures = check_floors(summary, json.loads((ROOT / "rag" / "data" / "squad_floors.json").read_text(encoding="utf-8")))
    assert not failures, failures


@pytest.mark.slow
def test_english_articles_stay_above_their_floors(tmp_path):
    """The held-out English news items (never fitted on, nor calibrated on), pooled with
    left-out-article and hard negatives, on the offline path."""
    from rag.config import Settings
    from rag.evaluate.squad_run import run_squad_eval, squad_collection

    collection = squad_collection(ROOT / "eval" / "english_news_test.json", "all", 9, 20, 20, 0)
    settings = Settings(seeds_dir=tmp_path / "none", index_dir=tmp_path / "vs", embed_model="none", generator="extractive")
    _, summary = run_squad_eval(collection, settings, progress=False)
    failures = check_floors(summary, json.loads((ROOT / "eval" / "english_floors.json").read_text(encoding="utf-8")))
    assert not failures, failures


@pytest.mark.slow
@pytest.mark.skipif(not CMRC.exists(), reason="the CMRC 2018 trial set lives in ../shared/eval")
def test_training_the_answerer_twice_writes_the_same_model(tmp_path):
    """`rag train-answerer` is reproducible: the same data, seed and code give the same file,
    and the file it writes is a model the answerer loads."""
    from rag.answer.model import load_model
    from rag.config import Settings
    from rag.evaluate.training import train_and_save

    settings = Settings(seeds_dir=tmp_path / "none", index_dir=tmp_path / "vs", embed_model="none", generator="extractive")
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.json"
        train_and_save(CMRC, 30, 30, 15, 0, semantic=False, english=False, out=out, command="test", settings=settings, samples=1, also=[ROOT / "eval" / "english_news.json"])
        data = json.loads(out.read_text(encoding="utf-8"))
        data["training"].pop("created")
        outputs.append(data)
    assert outputs[0] == outputs[1]
    model = load_model(tmp_path / "a.json")
    assert 0.0 < model.answer_threshold["zh"] < 1.0 and model.span.features
    assert 0.0 < model.answer_threshold["en/en"] < 1.0  # English articles calibrate their own
