"""Every answer test, again, with the index in Milvus (Milvus Lite on a file): the tests of
tests/test_answer.py are imported here and run against a Milvus-backed `offline_index`."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS
from tests.test_answer import *  # noqa: F401,F403 - re-collected here with the fixture below
from tests.test_answer import assert_citation_contract

pytestmark = pytest.mark.slow  # a second pass over every answer test (~25 s): CI runs it


@pytest.fixture(scope="module")
def offline_index(tmp_path_factory):
    """The offline index over the seeds, stored in Milvus Lite instead of local files."""
    from rag.config import Settings
    from rag.pipeline import build_index

    folder = tmp_path_factory.mktemp("milvus-answers")
    settings = Settings(seeds_dir=SEEDS, index_dir=folder / "vectorstore", embed_model="not-a-real-org/no-such-model", search_backend="milvus")
    build_index(settings, progress=False)
    return settings


def test_answers_come_from_milvus(offline_index):
    from rag.pipeline import ask, engine_for

    snapshot = engine_for(offline_index).snapshot()
    assert snapshot.manifest["backend"]["kind"] == "milvus" and snapshot.backend.count() == snapshot.manifest["counts"]["chunks"]
    assert not list(snapshot.folder.glob("chunks.jsonl"))  # no local chunk store: text comes back from Milvus
    answer = ask("上合示范区累计开行了多少列中欧班列？", settings=offline_index)
    assert "3200多列" in answer.text
    assert_citation_contract(answer)
