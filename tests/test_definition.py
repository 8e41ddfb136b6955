"""A question asking what something is (什么是X, X是什么, "what is X") is answered by the sentence
that defines X: X as its subject, perhaps with its other names in brackets, then a defining
word. Checked on short synthetic sentences written for the rule."""

from __future__ import annotations

import pytest

from rag.answer.definition import defined_term, definition_features


@pytest.mark.parametrize(
    "question, lang, term",
    [
        ("什么是光合作用？", "zh", "光合作用"),
        ("什么叫做复利？", "zh", "复利"),
        ("何谓“乡约”？", "zh", "乡约"),
        ("量子纠缠是什么？", "zh", "量子纠缠"),
        ("区块链是指什么？", "zh", "区块链"),
        ("边际效用的定义是什么？", "zh", "边际效用"),
        ("What is a prism?", "en", "prism"),
        ("What does photosynthesis mean?", "en", "photosynthesis"),
    ],
)
def test_the_thing_to_define_is_read_off_the_question(question, lang, term):
    assert defined_term(question, lang) == term


@pytest.mark.parametrize(
    "question, lang",
    [
        ("会议在什么时候举行？", "zh"),  # asks for a time, not what something is
        ("他为什么离开？", "zh"),
        ("这种植物叫什么？", "zh"),  # asks for a name
        ("Who is the mayor?", "en"),
        ("什么是什么？", "zh"),
    ],
)
def test_other_questions_define_nothing(question, lang):
    assert defined_term(question, lang) is None
    assert definition_features(question, lang, "光合作用是植物利用光能的过程。") == [0.0]


@pytest.mark.parametrize(
    "sentence",
    [
        "光合作用是植物利用光能合成有机物的过程。",
        "光合作用（photosynthesis），指植物利用光能合成有机物的过程。",
        "光合作用（学名：），又称光能合成，是植物的生理过程。",
        "在生物学中，光合作用即植物利用光能的过程。",
        "所谓“光合作用”，就是植物利用光能的过程。",
    ],
)
def test_a_sentence_that_defines_the_thing_is_marked(sentence):
    assert definition_features("什么是光合作用？", "zh", sentence) == [1.0]


@pytest.mark.parametrize(
    "sentence",
    [
        "科学家研究光合作用已有两百年。",  # uses the thing, says nothing of what it is
        "影响光合作用的因素是光照和温度。",  # defines something else that names it
        "没有光合作用，就没有生命。",
    ],
)
def test_a_sentence_that_only_uses_the_thing_is_not(sentence):
    assert definition_features("什么是光合作用？", "zh", sentence) == [0.0]


def test_english_definitions_are_marked_too():
    assert definition_features("What is a prism?", "en", "A prism (geometry) is a polyhedron with two faces.") == [1.0]
    assert definition_features("What is a prism?", "en", "Light passing through a prism splits into colours.") == [0.0]
