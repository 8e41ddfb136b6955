"""Questions about facts the seed articles do not print, and a name printed in apposition,
asked through rag.ask on the real seed index (offline BM25 path)."""

from __future__ import annotations

import pytest

from rag import ask


@pytest.mark.parametrize(
    "question",
    [
        # The articles name the team and its work, never how many it sent: no sentence about it
        # prints a numeral.
        "聊城对口支援刚察干部管理组一共派出了多少名援青干部人才？",
        # The articles describe the two buildings, never what they cost.
        "How much did China spend on building the parliament and government buildings in Dushanbe?",
    ],
)
def test_a_count_or_an_amount_the_articles_never_state_is_declined(offline_index, question):
    answer = ask(question, settings=offline_index, generator="extractive")
    assert answer.abstained and not answer.citations


def test_a_quoted_name_after_the_noun_asked_for_heads_the_reply(offline_index):
    answer = ask("5年前拉赫蒙总统在总统府镜厅授予了习近平什么荣誉？", settings=offline_index, generator="extractive")
    assert not answer.abstained
    assert "王冠勋章" in answer.text.splitlines()[0] and "最高荣誉" not in answer.text.splitlines()[0]
