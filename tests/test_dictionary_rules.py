"""The answerer's dictionary-backed rules (CC-CEDICT abbreviations, names and translations)
and the phrase rules of candidate answers, on short synthetic sentences written for each."""

from __future__ import annotations

from rag.answer.features import SPAN_FEATURES, span_rows
from rag.answer.matching import cover, term_positions
from rag.answer.question import analyze, make_idf
from rag.answer.spans import candidates
from rag.answer.words import tag_words
from rag.search.retriever import query_tokens
from rag.search.tokens import tokenize
from rag.search.cedict import expand_abbreviations, expansions, is_common_word, proper_noun_kind

# A tiny "collection" for IDF: what the articles say decides which words are seen.
ARTICLES = [
    "上海合作组织峰会在阿斯塔纳举行，成员国领导人出席峰会。",
    "北京大学的校长出席了开学典礼。",
    "市长介绍了全市绿色低碳发展情况。",
]


def _idf():
    docs = [set(tokenize(a)) for a in ARTICLES]
    return make_idf(lambda token: sum(token in d for d in docs), len(docs))


def test_an_abbreviation_and_its_full_form_stand_for_each_other():
    assert "上海合作组织" in expansions("上合") and "上合" in expansions("上海合作组织")
    assert "北京大学" in expansions("北大")
    assert "上海合作组织" in expand_abbreviations("上合组织峰会在哪里举行？")
    assert expand_abbreviations("成人大学在哪里？") == []  # 人大 inside 成人大学 is no abbreviation


def test_a_question_with_an_abbreviation_also_searches_the_full_form():
    tokens = query_tokens("上合峰会在哪里举行？")
    assert "合作" in tokens and "组织" in tokens  # bigrams of 上海合作组织, not in the question


def test_an_abbreviated_question_word_matches_the_full_form_in_a_sentence():
    question = analyze("上合峰会在哪里举行？", _idf())
    term = next(t for t in question.terms if t.surface == "上合")
    sentence = "上海合作组织峰会在阿斯塔纳举行。"
    assert cover(term, sentence) == 1.0
    assert (0, 6) in term_positions(question, sentence)


def test_english_words_keep_the_translations_the_articles_use():
    question = analyze("Where was the summit held?", _idf())
    summit = next(t for t in question.terms if t.surface == "summit")
    assert "峰会" in summit.forms and "山巅" not in summit.forms  # CC-CEDICT lists 巅/山巅/峰顶 first


def test_cedict_says_which_names_are_places_and_which_are_people():
    assert proper_noun_kind("阿斯塔纳") == "place" and proper_noun_kind("杜尚别") == "place"
    assert proper_noun_kind("古特雷斯") == "person"
    assert is_common_word("公正") and not is_common_word("阿斯塔纳")


def test_foreign_places_and_common_words_are_tagged_for_what_they_are():
    tags = {w.text: w.tag for w in tag_words("元首在阿斯塔纳会见哈萨克斯坦总统，倡议世界公正。")}
    assert tags["阿斯塔纳"] == "ns" and tags["哈萨克斯坦"] == "ns"  # jieba: nrt, a person's name
    assert not tags["公正"].startswith("nr")  # jieba: nr
    places = {s.text for s in candidates("元首在阿斯塔纳会见哈萨克斯坦总统。") if s.type == "place"}
    assert {"阿斯塔纳", "哈萨克斯坦"} <= places


def test_a_name_phrase_holds_no_verb_or_preposition_and_no_dash():
    spans = candidates("成果丰硕——正式批准白俄罗斯加入，第三次对塔吉克斯坦进行访问。")
    named = [s for s in spans if s.type in ("person", "place", "org")]
    assert named and all("对" not in s.text and "批准" not in s.text for s in named)
    assert not any("——" in s.text for s in spans if s.type != "clause")


def test_a_verb_after_the_question_word_is_not_what_is_asked_about():
    question = analyze("上合峰会在哪里举行？", _idf())
    focus = [question.terms[i].surface for i in question.focus]
    assert "峰会" in focus and "举行" not in focus
    question = analyze("北京大学的校长是谁？", _idf())
    assert "校长" in [question.terms[i].surface for i in question.focus]


def test_the_answer_fills_the_slot_after_the_questions_preposition():
    question = analyze("峰会在哪里举行？", _idf())  # the question word is "在哪": its 在 counts
    sentence = "峰会本月在阿斯塔纳举行。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    slot = SPAN_FEATURES.index("preposition_slot")
    by_text = {s.text: rows[i, slot] for i, s in enumerate(spans)}
    assert by_text["阿斯塔纳"] == 1.0 and by_text["本月"] == 0.0
    question = analyze("峰会由谁主持？", _idf())
    sentence = "峰会本月由市长主持。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    assert {s.text: rows[i, slot] for i, s in enumerate(spans)}["市长"] == 1.0


def test_an_english_word_none_of_whose_translations_the_articles_use_counts_as_unseen():
    question = analyze("Who won the World Cup at the summit?", _idf())
    seen = {t.surface: t.seen for t in question.terms}
    assert seen["summit"] and not seen["world cup"]  # 峰会 is printed; 世界杯 is not


def test_a_foreign_name_jieba_cuts_into_pieces_is_one_name_again():
    sentence = "会议由总统托卡耶夫主持，总统拉赫蒙、总统扎帕罗夫和总统米尔济约耶夫出席。普京说，会谈很成功。"
    words = {w.text: w.tag for w in tag_words(sentence)}
    # jieba: 托/卡耶夫, 拉赫/蒙, 扎/帕罗/夫, 米尔/济/约耶夫
    assert all(words.get(name, "").startswith("nr") for name in ("托卡耶夫", "拉赫蒙", "扎帕罗夫", "米尔济约耶夫"))
    assert "普京" in words and "说" in words  # a word after a name is no letter of it
    # A surname-like character and letters of transliteration jieba took for a place (夏/巴兹),
    # not a surname and a real place (夏/北京).
    words = {w.text: w.tag for w in tag_words("巴基斯坦总理夏巴兹出席。记者夏北京报道。")}
    assert words.get("夏巴兹", "").startswith("nr") and "北京" in words
    people = {s.text for s in candidates(sentence) if s.type == "person"}
    assert {"托卡耶夫", "拉赫蒙", "米尔济约耶夫"} <= people and not {"拉赫", "卡耶夫", "总统拉赫"} & people


def test_a_pinyin_word_is_cut_into_syllables():
    from rag.search.pinyin import syllables

    assert syllables("Baishun") == ["bai", "shun"] and syllables("Dongchangfu") == ["dong", "chang", "fu"]
    assert syllables("Xi'an") == ["xi", "an"] and syllables("xian") == ["xian"]  # fewest syllables unless marked
    assert syllables("Tokayev") is None and syllables("Arnur") is None  # not pinyin (no syllable "r")


def test_a_name_spelled_in_pinyin_is_read_back_into_the_characters_the_articles_print():
    from rag.search.pinyin import pinyin_names
    from rag.search.translate import is_dictionary_word

    text = "聊城市委副书记、市长张百顺出席发布会。市委书记李长萍主持召开座谈会。"
    grams = {text[i : i + 2] for i in range(len(text) - 1)}
    seen = grams.__contains__
    assert pinyin_names("Who is Zhang Baishun?", seen, is_dictionary_word) == [("Zhang Baishun", ["张百顺"])]
    assert pinyin_names("What did Li Changping say?", seen, is_dictionary_word) == [("Li Changping", ["李长萍"])]
    # A word the dictionary knows is left to it; a name the articles don't print reads as nothing.
    assert pinyin_names("Where is Liaocheng?", seen, is_dictionary_word) == []
    assert pinyin_names("Who is Zhou Enlai?", seen, is_dictionary_word) == []
    assert pinyin_names("What did Tokayev say?", seen, is_dictionary_word) == []
    assert pinyin_names("Did Zhang Baishun attend?", seen, is_dictionary_word) == [("Zhang Baishun", ["张百顺"])]
    assert pinyin_names("Zhang Baishun said what?", seen, is_dictionary_word) == [("Zhang Baishun", ["张百顺"])]
    assert pinyin_names("Who is Ba" + "ba" * 5000 + "?", seen, is_dictionary_word) == []  # bounded: no deep recursion


def test_a_foreign_name_is_read_back_into_the_transliteration_the_articles_print():
    from rag.search.transliteration import sound_key, transliterations

    text = "哈萨克斯坦总统托卡耶夫主持会议。17岁男孩阿尔努尔打算去看一看。我同拉赫蒙总统会晤。"
    grams = {text[i : i + 2] for i in range(len(text) - 1)}
    seen = grams.__contains__
    assert transliterations("Tokayev", seen) == ["托卡耶夫"]
    assert transliterations("Arnur", seen)[0] == "阿尔努尔"  # the whole name before a piece of it
    assert transliterations("Rahmon", seen) == ["拉赫蒙"]  # vowels vary in transliteration
    assert transliterations("Putin", seen) == []  # not printed here
    assert transliterations("Tokayev" * 40, seen) == []  # bounded
    assert sound_key("Kassymbek") == sound_key("Kasymbek") and sound_key("Rahmon") == sound_key("lakhman")


def test_an_english_question_naming_a_foreign_person_matches_the_transliteration():
    text = "上海合作组织轮值主席国哈萨克斯坦总统托卡耶夫主持会议。"
    docs = [set(tokenize(a)) for a in [*ARTICLES, text]]
    question = analyze("What did Tokayev do at the meeting?", make_idf(lambda token: sum(token in d for d in docs), len(docs)))
    assert cover(next(t for t in question.terms if t.surface == "tokayev"), text) == 1.0


def test_an_english_question_naming_a_person_in_pinyin_matches_the_chinese_name():
    text = "市长张百顺出席发布会，并介绍了全市绿色低碳发展情况。"
    docs = [set(tokenize(a)) for a in [*ARTICLES, text]]
    question = analyze("What did Zhang Baishun introduce?", make_idf(lambda token: sum(token in d for d in docs), len(docs)))
    assert any("张百顺" in term.forms for term in question.terms)
    assert cover(next(t for t in question.terms if "张百顺" in t.forms), text) == 1.0


def test_an_english_count_question_frames_the_noun_it_counts_in_its_translation():
    """"How many observer states" asks for the count printed before 观察员 (3个观察员国), as
    几个观察员国 does; a count elsewhere in the sentence, or in another one, is not framed."""
    texts = ["该组织有9个成员国、3个观察员国和14个对话伙伴。", "大会邀请了观察员国的代表150余人出席。"]
    idf = make_idf(lambda gram: sum(gram in t for t in texts), len(texts))
    question = analyze("How many observer states does the organization have?", idf)
    framed = {}
    for sentence in texts:
        spans = candidates(sentence)
        rows = span_rows(question, sentence, spans, term_positions(question, sentence))
        framed.update({s.text: rows[i, SPAN_FEATURES.index("right_frame")] for i, s in enumerate(spans) if s.type == "quantity"})
    assert framed["3个"] > 0.5 and framed["9个"] == framed["14个"] == framed["150余人"] == 0.0
    # "How many does it have?" names nothing after its question phrase: no frame.
    bare = analyze("How many does the organization have?", idf)
    spans = candidates(texts[0])
    assert not span_rows(bare, texts[0], spans, term_positions(bare, texts[0]))[:, SPAN_FEATURES.index("right_frame")].any()


def test_english_fitting_questions_front_the_noun_their_question_phrase_asks_about():
    """The translated fitting questions follow English order: 几个观察员国 -> "How many observer…"."""
    from rag.evaluate.augment import to_english

    assert to_english("该组织有几个观察员国？").startswith("How many observer")
    assert to_english("孩子们演唱了什么歌曲？").startswith("What song")
