"""How a question's words are found: words the segmenter cut wrongly are cut again along the
collection's words, lone characters are joined into the names they belong to, and a name no
article prints is marked (rag.answer.recut, rag.answer.named, rag.answer.question)."""

from __future__ import annotations

from rag.answer.question import analyze
from rag.answer.recut import lone_character_words


def _idf_of(articles: list[str]):
    """An idf over a few synthetic articles, as the index would give (character bigrams)."""
    from rag.answer.question import make_idf

    def doc_freq(gram: str) -> int:
        return sum(gram in a for a in articles)

    return make_idf(doc_freq, len(articles))


def test_a_question_word_no_article_contains_is_cut_again_along_the_articles():
    articles = ["刘七中箭落水而死。", "这座小镇在莫扎伊斯克以西12千米。", "纽西兰鸡毛松树高可达55米。", "城里有一辆牛车。"]
    idf = _idf_of(articles)
    words = lambda q: [t.surface for t in analyze(q, idf).terms]  # noqa: E731
    assert "刘七" in words("刘七是怎么死的？")  # the segmenter glued 是 to the name
    assert "莫扎伊斯克" in words("在距莫扎伊斯克12千米处发生了什么？")  # it cut inside the name
    assert any("鸡毛松" in w for w in words("纽西兰鸡毛松有多高？")) and "松有" not in words("纽西兰鸡毛松有多高？")
    # A name that is simply absent stays absent, even when part of it occurs.
    assert "牛车水" in words("什么是牛车水？") and "牛车" not in words("什么是牛车水？")


def test_a_common_compound_no_article_prints_is_said_by_the_half_it_prints():
    """植树造林 joins two words; an article saying 造林 states it. Names stay whole (北京大学)."""
    idf = _idf_of(["2023年全市共完成造林4400余亩。", "他在大学读书。", "该市扩大招商。"])
    words = lambda q: [t.surface for t in analyze(q, idf).terms]  # noqa: E731
    assert "造林" in words("2023年一共植树造林了多少亩？") and "植树造林" not in words("2023年一共植树造林了多少亩？")
    assert "招商" in words("去年招商引资多少亿元？")
    assert "北京大学" in words("他毕业于北京大学吗？") and "大学" not in words("他毕业于北京大学吗？")


def test_a_question_naming_someone_no_article_prints_is_marked():
    """The articles are about someone else: the answerability model reads it as a feature."""
    idf = _idf_of(["张百顺出席发布会。", "刘七中箭落水而死。", "该校学生在北京读书。"])
    assert analyze("马飚毕业于哪所大学？", idf).unseen_name  # a person's name no article prints
    assert analyze("魏玩是谁的妻子？", idf).unseen_name  # a surname and the given name jieba cut off
    assert not analyze("张百顺出席了什么会？", idf).unseen_name
    assert not analyze("刘七是怎么死的？", idf).unseen_name  # 刘七是: the segmenter's mistake, re-cut
    assert not analyze("学生在哪里读书？", idf).unseen_name
    assert not analyze("马飚毕业于哪所大学？").unseen_name  # without the collection's idf nothing is known
    # A word jieba's dictionary lacks is most often a name (符泳, which jieba tags a common noun),
    # and a title in 《》 names a work; neither is printed here.
    assert analyze("符泳中学就读于哪里？", idf).unseen_name
    assert analyze("《鳄鱼泪》是谁主演的？", idf).unseen_name
    assert not analyze("该校学生在哪里读书？", idf).unseen_name


def test_the_names_a_question_prints():
    from rag.answer.named import question_names

    assert "马飚" in question_names("马飚毕业于哪所大学？")  # tagged a person's name
    assert "符泳" in question_names("符泳中学就读于哪里？")  # no dictionary word: found by jieba's HMM
    assert "鳄鱼泪" in question_names("《鳄鱼泪》是谁主演的？")  # a title
    assert question_names("学生在哪里读书？") == ()
    assert "方是" not in question_names("车站的经营方是谁？")  # a mis-cut ending in a function word


def test_a_stretch_holding_a_function_word_is_no_word_cut_wrongly():
    # The articles print 东城的人 but never 人口: 人口 stays the word asked about (and missing
    # from the articles), not the phrase 东城的人 around it.
    idf = _idf_of(["东城的人都爱喝茶。", "西城有一座古塔。"])
    assert [t.surface for t in analyze("东城的人口有多少？", idf).terms] == ["东城", "人口"]


def test_lone_characters_are_joined_into_the_names_the_articles_print():
    articles = ["乍都节公园位于曼谷。", "元皇后是北齐孝昭帝的皇后。", "会议在城里举行。"]
    idf = _idf_of(articles)
    words = lambda q: [t.surface for t in analyze(q, idf).terms]  # noqa: E731
    assert "乍都节公园" in words("乍都节公园的面积有多大？")  # jieba: 乍/都/节/公园
    assert "元皇后" in words("元皇后祖籍何处？")  # jieba: 元/皇后
    # A measure word or numeral stands alone by grammar and is glued to nothing.
    assert lone_character_words("第二十四次会议", lambda w: True, lambda ch: False) == []


def test_a_lone_character_with_no_name_in_the_articles_stays_dropped():
    assert lone_character_words("元皇后祖籍", lambda w: False, lambda ch: False) == []


def test_the_verb_a_question_asks_about_is_set_apart_from_what_it_names():
    from rag.answer.predicates import argument_weights

    def verbs(question: str) -> list[str]:
        asked = analyze(question)
        return [t.surface for t, w in zip(asked.terms, argument_weights(asked)) if w == 0.0]

    assert verbs("年会在哪里举行？") == ["举行"]  # the verb after the question word
    assert verbs("她这次出访访问了哪些国家？") == ["访问"]  # else the last one before it
    assert verbs("组织峰会在哪里召开？") == ["召开"]  # 组织, a noun here, is tagged a verb too
    assert verbs("魏玩是谁的妻子？") == []
    assert verbs("Where was the summit held?") == []  # English terms keep their weight


def test_a_sentence_naming_the_titled_event_answers_without_repeating_the_verb():
    from rag.answer.predicates import argument_features

    asked = analyze("年会在哪里举行？")
    # Terms: 年会, 举行. The first sentence names the meeting and says where (出席, not 举行);
    # the second repeats the verb but not the meeting.
    rows = argument_features(asked, [[1.0, 0.0], [0.0, 1.0]], [[0.0, 0.0], [0.0, 0.0]], ["年会在阿斯塔纳出席", "举行"])
    cover, beyond, in_title, _ = rows.T
    assert cover.tolist() == [1.0, 0.0] and beyond.tolist() == [1.0, 0.0] and in_title.tolist() == [0.0, 0.0]
    # Under a title naming the meeting, no argument is left for a sentence to name.
    rows = argument_features(asked, [[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [1.0, 0.0]], ["年会在阿斯塔纳出席", "举行"])
    assert rows[:, 2].tolist() == [1.0, 1.0]


def test_a_sentence_keeping_one_character_of_the_verb_half_states_it():
    from rag.answer.predicates import argument_features

    asked = analyze("年会在哪里举行？")
    texts = ["年会在阿斯塔纳举行", "年会在阿斯塔纳举办", "年会的代表在阿斯塔纳出席"]
    rows = argument_features(asked, [[1.0, 1.0], [1.0, 0.0], [1.0, 0.0]], [[0.0, 0.0]] * 3, texts)
    assert rows[:, 3].tolist() == [1.0, 0.25, 0.0]  # 举行, 举办 (one of two characters), 出席
    # A question with no verb asked about has nothing for a sentence to miss.
    rows = argument_features(analyze("魏玩是谁的妻子？"), [[1.0, 1.0]], [[0.0, 0.0]], ["魏玩是曾布的妻子"])
    assert rows[0, 3] == 1.0


def test_an_agent_noun_no_article_prints_is_said_by_its_verb():
    """主持人 "the one who chairs": a sentence saying who 主持会议 names them. A nationality stays."""
    from rag.answer.recut import agent_stem

    idf = _idf_of(["哈萨克斯坦总统托卡耶夫主持会议。", "中国代表团出席。"])
    words = lambda q: [t.surface for t in analyze(q, idf).terms]  # noqa: E731
    assert "主持" in words("会议是哪位总统当的主持人？") and "主持人" not in words("会议是哪位总统当的主持人？")
    assert agent_stem("美国人") == "" and agent_stem("老人") == ""  # a place's people; a word of its own


def test_a_name_right_before_the_question_verb_is_its_subject():
    """For 谁主持, the name before 主持 does it; a name before a question noun only modifies it."""
    from rag.answer.matching import same_length_fold
    from rag.answer.predicates import before_verb, verb_starts
    from rag.answer.spans import candidates

    sentence = "哈萨克斯坦总统托卡耶夫主持会议，吉尔吉斯斯坦总统扎帕罗夫参加阿斯塔纳峰会。"
    spans, folded = candidates(sentence), same_length_fold(sentence)
    marked = {s.text for s, v in zip(spans, before_verb(spans, verb_starts(analyze("会议是谁主持的？"), folded))) if v}
    assert "托卡耶夫" in marked and not any("扎帕罗夫" in m for m in marked)
    # 峰会 is a noun of the question: the place before it is no subject.
    assert not verb_starts(analyze("哪里的峰会？"), folded)
