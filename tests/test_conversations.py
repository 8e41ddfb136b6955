"""The conversation store (SQLite, migrations as .sql files) and the passages panel's merging
of overlapping passages of one article."""

from __future__ import annotations

import sqlite3

import pytest

from rag.pipeline.conversations import MIGRATIONS, ConversationNotFound, ConversationStore, answer_from_dict
from rag.schema import Answer, Citation, Passage
from rag.web.render import merge_overlapping, sources_panel


def _answer(text: str = "穆赫贝尔[1]") -> Answer:
    passage = Passage("p1", "a.txt", "标题", "伊朗代理总统穆赫贝尔参加。", 10, 23, 1.5)
    return Answer(text, [Citation(1, passage, "伊朗代理总统穆赫贝尔参加。")], [passage], False, "extractive", notes=["n"], confidence=0.9)


def test_the_schema_is_created_once_and_answers_round_trip(tmp_path):
    path = tmp_path / "c.sqlite3"
    store = ConversationStore(path)
    latest = max(int(p.name.split("_")[0]) for p in MIGRATIONS.glob("*.sql"))
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == latest
    conv = store.create("  第一个问题\n很长 " * 20)
    assert len(conv.title) <= 80 and "\n" not in conv.title
    store.add_turn(conv.id, "问题", _answer())
    again = ConversationStore(path)  # a restart: the schema is there, nothing is re-applied
    saved = again.get(conv.id)
    assert [m.role for m in saved.messages] == ["user", "assistant"] and saved.turns == 1
    assert answer_from_dict(saved.messages[1].answer) == _answer() and saved.messages[1].generator == "extractive"
    assert again.history(conv.id, 1) == [{"role": "assistant", "content": "穆赫贝尔[1]"}]


def test_rename_delete_and_unknown_ids(tmp_path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    first, second = store.create("一"), store.create("二")
    store.add_turn(first.id, "问题", _answer())
    assert [c.id for c in store.list()] == [first.id, second.id]  # most recently updated first
    assert store.rename(second.id, "新标题").title == "新标题"
    store.delete(first.id)
    assert [c.id for c in store.list()] == [second.id]
    with sqlite3.connect(tmp_path / "c.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0  # its messages went with it
    for action in (lambda: store.get(first.id), lambda: store.rename(first.id, "x"), lambda: store.delete(first.id), lambda: store.add_turn(first.id, "q", _answer()), lambda: store.history("nope", 5)):
        with pytest.raises(ConversationNotFound):
            action()


ARTICLE = "第一句。第二句话。第三句话在这里。第四句。"


def _piece(start: int, end: int, pid: str, title: str = "标题", source: str = "a.txt") -> Passage:
    return Passage(pid, source, title, ARTICLE[start:end], start, end, 1.0)


def test_overlapping_passages_of_one_article_are_merged():
    a, b, c = _piece(0, 9, "a"), _piece(4, 17, "b"), _piece(17, 21, "c")  # a and b overlap, c touches b
    other_article = Passage("d", "a.txt", "别的文章", "另一篇的文字。", 4, 11, 1.0)  # same file, same offsets: not merged
    merged = merge_overlapping([a, other_article, b, c])
    assert [(p.start, p.end) for p in merged] == [(0, 21), (4, 11)] and merged[0].text == ARTICLE[0:21]
    clash = Passage("e", "a.txt", "标题", "完全不同的字。", 2, 9, 1.0)  # overlapping offsets whose text disagrees
    assert len(merge_overlapping([a, clash])) == 2


def test_the_panel_shows_a_merged_passage_once_with_both_markers():
    a, b = _piece(0, 9, "a"), _piece(4, 17, "b")
    answer = Answer("一[1] 二[2]", [Citation(1, a, "第一句。"), Citation(2, b, "第三句话在这里。")], [a, b], False, "extractive")
    panel = sources_panel(answer)
    assert panel.count('<div class="passage cited"') == 1 and panel.count('class="passage-text"') == 1 and "&#91;1&#93;&#91;2&#93;" in panel and "0–17" in panel
    assert panel.count("<mark>") == 2 and "<mark>第三句话在这里。</mark>" in panel
