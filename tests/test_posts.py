"""The post a named person holds (张三担任什么职务？): news prints a person's posts before the
name ("市委副书记、市长张三"); those titles answer. Rules on short synthetic sentences, and the
reply through the real answerer on a synthetic article."""

from __future__ import annotations

import pytest

from rag.answer.extractive import extract_answer
from rag.answer.offices import asks_post, posts_printed
from rag.answer.question import analyze
from rag.schema import Passage


@pytest.mark.parametrize(
    "question, asks",
    [
        ("张三担任什么职务？", True),
        ("张三的职务是什么？", True),
        ("张三在市委是什么职位？", True),
        ("张三任何职？", True),
        ("谁担任市长？", False),  # asks for the holder, not the post
        ("张三出席了什么会议？", False),
        ("中方支持俄方履行好什么职责？", False),  # 职责 "duty" is no post
    ],
)
def test_a_question_asking_for_a_post_is_recognised(question, asks):
    assert asks_post(analyze(question)) == asks


def test_the_posts_printed_before_the_name_are_read_whole():
    question = analyze("张三担任什么职务？")
    sentence = "会议举行，市委副书记、市长张三出席会议。"
    assert [sentence[a:b] for a, b in posts_printed(question, sentence)] == ["市委副书记、市长"]
    assert posts_printed(question, "张三出席会议并讲话。") == []  # no title before the name
    assert posts_printed(question, "市长李四、张三出席会议。") == []  # 市长 is 李四's


def test_the_reply_names_the_post_printed_with_the_name():
    """The sentence printing the post answers, headed by the post, though another sentence
    (his quote) names him too."""
    text = "张三说，要抓好项目建设。会议举行，市委副书记、市长张三出席会议。"
    passages = [Passage("a-0", "a.txt", "会议", text, 0, len(text), 1.0)]
    draft = extract_answer(analyze("张三担任什么职务？"), passages, lambda word: 1.0)
    assert not draft.abstained
    assert draft.text.startswith("市委副书记、市长"), draft.text
