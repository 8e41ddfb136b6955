"""Articles written in English: their sentences, candidate answers, and answers to English
questions about them, quoted and cited. (The seeds are Chinese; a user's own documents may
not be.) Each rule on short sentences written for it; the whole path on a small article."""

from __future__ import annotations

import re

import pytest

from rag.answer.citations import split_segments
from rag.answer.matching import find_form
from rag.answer.question import analyze
from rag.answer.spans import candidates
from rag.lang import split_sentences

ARTICLE = (
    "The Harbor Bridge is a steel arch bridge that carries road and rail traffic across the northern bay. "
    "Construction began in 1924 and the bridge was opened on 19 March 1932 by the state premier. "
    "It was designed by the engineer Margaret Lindqvist, who had studied in Stockholm. "
    "The main span is 503 metres long and the top of the arch stands 134 metres above the water. "
    "About 160,000 vehicles cross the bridge every day. "
    "Mr. J. Okafor, the bridge manager, said the toll of $4.20 raises $61.3 million a year. "
    "In 1998 a tunnel was opened to relieve congestion.\n"
)


def test_english_sentences_end_at_full_stops_but_not_after_abbreviations():
    sentences = split_sentences("Mr. J. Smith arrived in the U.S. on Jan. 5, 2020. He paid $3.5 million. Then it rained.")
    assert sentences == ["Mr. J. Smith arrived in the U.S. on Jan. 5, 2020.", "He paid $3.5 million.", "Then it rained."]


def test_chinese_quoting_english_is_cut_only_where_chinese_ends_a_sentence():
    text = "教堂两旁摆著圣若望（St. John of Matha）及St. Felix of Valois的雕像。教堂建于1700年。"
    assert split_sentences(text) == ["教堂两旁摆著圣若望（St. John of Matha）及St. Felix of Valois的雕像。", "教堂建于1700年。"]


@pytest.mark.parametrize(
    "sentence, value, kind",
    [
        ("Construction began in 1924 and the bridge opened on 19 March 1932.", "19 March 1932", "date"),
        ("The deal closed on March 19, 2021, after a long review.", "March 19, 2021", "date"),
        ("The main span is 503 metres long.", "503 metres", "quantity"),
        ("The repairs cost $46.5 million in total.", "$46.5 million", "quantity"),
        ("Damage was put at 27 million euros.", "27 million euros", "quantity"),
        ("Snowfall measured between 40 and 55 centimetres.", "between 40 and 55 centimetres", "quantity"),
        ("About 160,000 vehicles cross it every day.", "160,000", "number"),
        ("Profit grew by 9.6% on a year earlier.", "9.6%", "percent"),
        ("Stocks fell by 40 percent in a decade.", "40 percent", "percent"),
        ("It was designed by the engineer Margaret Lindqvist.", "Margaret Lindqvist", "person"),
        ("Curator Dr. Julian Marsh spent five years on it.", "Julian Marsh", "person"),
        ("The lake drains into the Salt Sea.", "Salt Sea", "place"),
        ("The findings appeared in the Journal of Mountain Ecology.", "Journal of Mountain Ecology", "proper"),
        ("Judge Osei of the Halvern County Court ruled on it.", "Halvern County Court", "org"),
    ],
)
def test_an_english_value_or_name_is_one_whole_candidate(sentence, value, kind):
    found = {c.text: c.type for c in candidates(sentence)}
    assert found.get(value) == kind
    # Never a piece of a value: no "46.5" of "$46.5 million", no "March 1932" of "19 March 1932".
    if kind in ("date", "quantity", "number", "percent"):
        start = sentence.index(value)
        assert not any(0 < len(t) < len(value) and t in value and sentence.find(t) >= start for t in found if not t.isalpha())


def test_a_month_alone_is_a_date_after_a_word_of_time():
    assert {c.text: c.type for c in candidates("Handlers went on strike in May.")}.get("May") == "date"
    assert not any(c.type == "date" for c in candidates("You may go in."))


@pytest.mark.parametrize("question", ["Near which village was the villa found?", "Which river feeds the lake?", "In what county is the farm?"])
def test_a_noun_naming_a_kind_of_place_asks_for_a_place(question):
    from rag.answer.lexicon import Kind

    assert analyze(question).kind == Kind.PLACE


def test_the_capital_that_opens_a_sentence_makes_no_name():
    found = {c.text: c.type for c in candidates("The Harbor Bridge opened in 1932.")}
    assert found.get("Harbor Bridge") == "place" and "The Harbor Bridge" not in found
    assert candidates("Construction began in 1924.")[0].type != "proper"


def test_an_english_question_word_matches_at_the_start_of_a_word():
    assert find_form("the bridge was opened", "open") == 15
    assert find_form("a start was made", "art") == -1
    assert find_form("习近平会见了托卡耶夫", "托卡耶夫") == 6  # Chinese words have no spaces around them


def test_how_long_asks_for_a_time_or_a_length():
    units = re.compile(f"(?:{analyze('How long is the main span of the bridge?').value_units})$")
    assert units.search("503 metres") and units.search("18 months") and units.search("3公里")


def test_a_quotation_or_an_abbreviation_ends_no_claim():
    segments = split_segments("The articles say: “Mr. Okafor said it. Then he left.” [1]\nHe met Dr. Lee on Jan. 5 [2]. It rained.")
    assert [(s.text.strip(), s.marks) for s in segments] == [
        ("The articles say: “Mr. Okafor said it. Then he left.”", [1]),
        ("He met Dr. Lee on Jan. 5.", [2]),
        ("It rained.", []),
    ]


def test_an_english_article_wrapped_at_column_width_keeps_its_spaces(tmp_path):
    from rag.ingest import load_articles

    (tmp_path / "budget.txt").write_text(
        "City council approves new budget\n\nThe city council of Westmoor approved a budget of\n"
        "$54.7 million on Monday. Mr. Okafor, the chair, said\nthe money would go to schools and roads.\n\n"
        "Most of the extra money will go to hiring 85 new\nteachers.\n",
        encoding="utf-8",
    )
    text = load_articles(tmp_path)[0].text
    assert "a budget of $54.7 million" in text and "roads. Most of" in text and "85 new teachers." in text
    assert split_sentences(text)[1] == "Mr. Okafor, the chair, said the money would go to schools and roads."


@pytest.fixture(scope="module")
def english_settings(tmp_path_factory):
    from rag.config import Settings
    from rag.pipeline import build_index

    folder = tmp_path_factory.mktemp("english")
    (folder / "docs").mkdir()
    (folder / "docs" / "harbor_bridge.txt").write_text(ARTICLE, encoding="utf-8")
    settings = Settings(seeds_dir=folder / "docs", index_dir=folder / "vectorstore", embed_model="none")
    build_index(settings, progress=False)
    return settings


@pytest.mark.parametrize(
    "question, sentence_words",
    [
        ("When was the Harbor Bridge opened?", "19 March 1932"),
        ("Who designed the Harbor Bridge?", "Margaret Lindqvist"),
        ("How long is the main span of the bridge?", "503 metres"),
        ("How many vehicles cross the bridge every day?", "160,000"),
        ("How much does the toll raise each year?", "$61.3 million"),
    ],
)
def test_an_english_question_about_an_english_article_is_answered_from_its_sentence(english_settings, question, sentence_words):
    from rag.pipeline import ask

    answer = ask(question, settings=english_settings, generator="extractive")
    assert not answer.abstained, answer.text
    assert sentence_words in answer.text and answer.citations
    assert any(sentence_words in c.quote for c in answer.citations)
    # The marker follows the quote, never an abbreviation inside it ("Mr[1]. Okafor").
    assert not re.search(r"[A-Za-z]\[\d+\]\.", answer.text), answer.text


def test_an_english_question_the_english_article_does_not_answer_is_declined(english_settings):
    from rag.pipeline import ask

    answer = ask("Who won the 2024 Kazakhstan presidential election?", settings=english_settings, generator="extractive")
    assert answer.abstained and answer.text.startswith("The articles don't say")
