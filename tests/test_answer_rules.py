"""Each language rule of the answerer on short synthetic sentences written for the rule."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.features import SPAN_FEATURES, SPAN_STATS, span_rows, span_stats
from rag.answer.followup import resolve_followup
from rag.answer.lexicon import Kind
from rag.answer.matching import term_positions
from rag.answer.model import load_model
from rag.answer.question import analyze, question_kind
from rag.answer.spans import candidates
from rag.lang import is_english


@pytest.mark.parametrize(
    "question, kind",
    [
        ("这家公司的创始人是谁？", Kind.PERSON),
        ("会议在哪里举行？", Kind.PLACE),
        ("大桥是哪一年建成的？", Kind.TIME),
        ("工厂有多少名员工？", Kind.NUMBER),
        ("出口额同比增长了多少？", Kind.PERCENT),
        ("这是第几届运动会？", Kind.ORDINAL),
        ("他们使用什么材料？", Kind.ENTITY),
        ("这种植物又被称为什么？", Kind.ENTITY),  # 称为 + 什么: called what, not why
        ("医院后来更名为什么？", Kind.ENTITY),
        ("他为什么离开了北京？", Kind.REASON),
        ("这是为什么？", Kind.REASON),
        ("该年被确定为什么年？", Kind.ENTITY),  # 确定为 + 什么年: "designated as what year"
        ("它的中文名称为什么又叫乙？", Kind.REASON),  # 名称 + 为什么: "why is its name also"
        ("他因为什么离开了？", Kind.REASON),
        # 哪 with a number asks which ones, as 哪些 does, not how many
        ("他访问了哪几个国家？", Kind.PLACE),
        ("哪两个国家签署了协议？", Kind.PLACE),
        ("有哪几位领导人出席？", Kind.PERSON),
        ("哪几家公司参与了项目？", Kind.ENTITY),
        ("会议持续了几天？", Kind.NUMBER),
        ("哪座桥最长？", Kind.ENTITY),
        # 哪 before any individual measure word, or one counting events, asks which thing;
        # before 名, as before 位, which person.
        ("货物由哪艘船运往港口？", Kind.ENTITY),
        ("哪次会议通过了这项决议？", Kind.ENTITY),
        ("哪名球员打进了第一球？", Kind.PERSON),
        ("Who founded the company?", Kind.PERSON),
        ("How many workers does the plant employ?", Kind.NUMBER),
        ("When did the bridge open?", Kind.TIME),
        ("What is the diameter of the ring?", Kind.NUMBER),  # a measurement, like 直径是多少
        ("What is the name of the bridge?", Kind.ENTITY),
    ],
)
def test_question_words_name_the_kind_of_value(question, kind):
    assert question_kind(question, "en" if is_english(question) else "zh")[0] == kind


@pytest.mark.parametrize(
    "question, kind",
    [
        ("这座城市的市长叫什么名字？", Kind.PERSON),  # an office's name is the name of its holder
        ("该组织秘书长的姓名是什么？", Kind.PERSON),
        ("市长的儿子叫什么名字？", Kind.ENTITY),  # asked about the son, who holds no office
        ("这个国家叫什么名字？", Kind.ENTITY),
        # So is a noun for people's (学生 "student", 游客 "visitor"), not a thing's.
        ("那名学生叫什么名字？", Kind.PERSON),
        ("一位游客叫什么名字？", Kind.PERSON),
        ("这家公司叫什么名字？", Kind.ENTITY),
    ],
)
def test_the_name_of_an_office_asks_for_a_person(question, kind):
    assert analyze(question).kind == kind


@pytest.mark.parametrize(
    "sentence, text, kind",
    [
        ("会议于2024年7月4日在城里举行。", "2024年7月4日", "date"),
        ("去年共销售汽车87,064辆。", "87,064辆", "quantity"),
        ("新馆建筑面积4200平方米。", "4200平方米", "quantity"),
        ("出口额同比增长18.06%。", "18.06%", "percent"),
        ("游客人数达到4.5万人。", "达到4.5万人", "quantity"),
        ("他的新书名为《海边的日子》。", "《海边的日子》", "quoted"),
        ("他说：“去年贸易额为410亿美元”。", "410亿美元", "quantity"),  # a quote states values
        ("伊朗代理总统穆赫贝尔出席会议。", "伊朗代理总统穆赫贝尔", "person"),
        ("该区土地面积1.601 km²，是第三小的区。", "1.601 km²", "quantity"),  # an SI symbol after a space
        ("这座塔高324m。", "324m", "quantity"),
        ("他身高183公分。", "183公分", "quantity"),  # Taiwan usage: 公分 is 厘米
    ],
)
def test_candidate_answers_keep_whole_values_with_their_type(sentence, text, kind):
    found = {c.text: c.type for c in candidates(sentence)}
    assert found.get(text) == kind
    assert "4200平" not in found and "064辆" not in found


def test_a_clause_or_run_of_clauses_is_a_candidate():
    spans = {c.text for c in candidates("因为土地肥沃，水源丰富，所以畜牧业发达。")}
    assert {"因为土地肥沃", "因为土地肥沃，水源丰富"} <= spans


def test_the_words_around_the_question_word_frame_the_answer():
    question = analyze("这个国家的首都是哪里？")
    sentence = "这个国家的首都是阿斯塔纳，人口约一百万。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    left = SPAN_FEATURES.index("left_frame")
    framed = {s.text: rows[i, left] for i, s in enumerate(spans)}
    assert framed["阿斯塔纳"] > 0 and framed["人口"] == 0


@pytest.mark.parametrize(
    "question, states, does_not",
    [
        ("这座城市的畜牧业为什么发达？", "因为土地肥沃，所以畜牧业发达。", "这座城市的畜牧业十分发达。"),
        ("Why did the bridge close?", "The bridge closed because of the flood.", "The bridge closed in May."),
    ],
)
def test_a_why_question_looks_for_a_sentence_stating_a_cause(question, states, does_not):
    asked = analyze(question)
    kind_match = SPAN_STATS.index("kind_match")

    def stats(sentence: str) -> list[float]:
        spans = candidates(sentence)
        rows = span_rows(asked, sentence, spans, term_positions(asked, sentence))
        return span_stats(asked, sentence, spans, rows, np.full(len(spans), 0.5))

    assert stats(states)[kind_match] == 1.0 and stats(does_not)[kind_match] == 0.0


def test_a_candidate_in_a_clause_about_another_time_is_marked():
    """"2023年…多少台" asks about 2023: 13台 stands in a clause about the next two years."""
    question = analyze("聊城2023年关停了多少台机组？")
    sentence = "2023年关停小机组5台，未来两年还将关停13台，2025年新建机组8台。"
    spans = candidates(sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    other = {s.text: rows[i, SPAN_FEATURES.index("other_time")] for i, s in enumerate(spans)}
    assert other["5台"] == 0.0 and other["13台"] == 1.0 and other["8台"] == 1.0
    undated = analyze("聊城关停了多少台机组？")  # a question naming no time prefers none
    rows = span_rows(undated, sentence, spans, term_positions(undated, sentence))
    assert not rows[:, SPAN_FEATURES.index("other_time")].any()


def test_the_question_language_follows_its_words_not_its_letters():
    assert not is_english("ChatGPT和GPT4的发布时间")
    assert not is_english("《Yesterday Once More》是哪一年发行的？")
    assert is_english("Who attended the SCO summit in Astana?")
    # Its question words decide: a Chinese question naming a Latin-script title asks in Chinese,
    # an English one naming a Chinese name asks in English.
    assert not is_english("MIT OpenCourseWare指什么？") and not is_english("iPhone 15 Pro Max的价格是多少？")
    assert is_english("Who is 张伟?") and is_english("What did Xi Jinping say in 阿斯塔纳?")


def test_followup_references_are_resolved_or_dropped():
    history = [{"role": "user", "content": "习近平这次中亚之行访问了哪些国家？"}, {"role": "assistant", "content": "哈萨克斯坦[1]\n原文：“……”[1]"}]
    assert resolve_followup("那他在那里做了什么？", history) == "习近平在哈萨克斯坦做了什么？"
    who = [{"role": "user", "content": "出席会议的伊朗代理总统是谁？"}, {"role": "assistant", "content": "穆赫贝尔[1]"}]
    assert resolve_followup("他说了什么？", who) == "穆赫贝尔说了什么？"
    titled = [{"role": "user", "content": "聊城市长是谁？"}, {"role": "assistant", "content": "聊城市委副书记、市长张百顺[1]\n原文：“……”[1]"}]
    assert resolve_followup("他介绍了什么情况？", titled) == "张百顺介绍了什么情况？"  # the name, not the titles
    count = [{"role": "user", "content": "聊城2023年关停了多少台小煤电机组？"}, {"role": "assistant", "content": "5台[1]"}]
    assert resolve_followup("未来两年呢？", count) == "聊城未来两年关停了多少台小煤电机组？"  # one time for the other
    assert resolve_followup("那2022年呢？", count) == "聊城2022年关停了多少台小煤电机组？"
    # A new topic stands for the common noun right before the question word, not for a name.
    planted = [{"role": "user", "content": "聊城2023年完成造林多少亩？"}, {"role": "assistant", "content": "4400余亩[1]"}]
    assert resolve_followup("森林抚育呢？", planted) == "聊城2023年完成森林抚育多少亩？"
    # ... or for the subject of the predicate before it (a verb and its 了), back to its 的.
    grew = [{"role": "user", "content": "聊城的一般公共预算收入增长了多少？"}, {"role": "assistant", "content": "7.1%[1]"}]
    assert resolve_followup("固定资产投资呢？", grew) == "聊城的固定资产投资增长了多少？"
    chained = grew + [{"role": "user", "content": "固定资产投资呢？"}, {"role": "assistant", "content": "7.2%[1]"}]
    assert resolve_followup("规上工业增加值呢？", chained) == "聊城的规上工业增加值增长了多少？"  # a follow-up of a follow-up
    assert "there" not in resolve_followup("What did he do there?", [{"role": "user", "content": "Who is the mayor?"}, {"role": "assistant", "content": "张三 [1]"}]).split()


@pytest.mark.parametrize(
    "sentence, body, place",
    [
        ("她是塔吉克斯坦民族大学的学生。", "塔吉克斯坦民族大学", "塔吉克斯坦"),
        ("习近平出席上海合作组织峰会。", "上海合作组织", "上海"),  # 组织 is tagged a verb here
        ("北京积水潭医院聊城医院顺利挂牌。", "北京积水潭医院聊城医院", "北京积水潭医院聊城"),
    ],
)
def test_a_place_opening_the_name_of_a_body_is_no_answer_of_its_own(sentence, body, place):
    found = {s.text: s.type for s in candidates(sentence)}
    assert found.get(body) == "org" and found.get(place) != "place"


def test_a_place_that_organises_something_stays_a_place():
    assert {s.text: s.type for s in candidates("上海组织了一场活动。")}.get("上海") == "place"


@pytest.mark.parametrize(
    "question, sentence, short, whole",
    [
        ("哪家医院顺利挂牌？", "北京积水潭医院聊城医院顺利挂牌。", "北京积水潭医院", "北京积水潭医院聊城医院"),  # a branch
        ("她在哪所大学读书？", "她是塔吉克斯坦民族大学的学生。", "塔吉克斯坦民族", "塔吉克斯坦民族大学"),
        ("哪条高铁全线开工了？", "甲乙高铁通车，雄商高铁全线开工。", "雄商高铁全线", "雄商高铁"),  # not the question's 全线
    ],
)
def test_a_question_asking_for_a_kind_of_thing_is_answered_by_the_name_ending_in_it(question, sentence, short, whole):
    """哪家医院 asks for a hospital: a candidate stopping short of the noun is read to its end."""
    from rag.answer.refine import named_in_full

    spans = candidates(sentence)
    texts = [s.text for s in spans]
    asked = analyze(question)
    assert asked.category == question[question.index("哪") + 2 : question.index("哪") + 4]
    assert texts[named_in_full(asked, spans, texts.index(short))] == whole
    plain = analyze(question.replace(asked.category, "地方"))  # no such noun in the sentence: no change
    assert texts[named_in_full(plain, spans, texts.index(short))] == short
    assert analyze("列车从哪个站开出？").category == "站"  # a lone character after the measure word
    assert analyze("哪个是最大的？").category == "" and analyze("这部电影是哪一年上映的？").category == ""
    assert analyze("他是哪国学生？").category == ""  # 哪国 asks for the country; 学生 is described
    # A count between 哪 and the measure word asks for several of the noun (哪两个港口, 哪几家企业).
    assert analyze("车队到达了哪两个港口？").category == "港口" and analyze("哪几家企业入选了？").category == "企业"
    assert analyze("车队到达了哪两个港口？").which and analyze("哪一个站最近？").which
    assert analyze("他倡议成立的是什么联盟？").category == "联盟"  # jieba tags 联盟 an abbreviation (j)
    assert analyze("中方支持哪一场峰会？").category == "峰会" and analyze("他参加了哪次会议？").category == "会议"
    # 什么样的 "what kind of" asks for one of the noun after it, described: the description is
    # printed with the noun (广泛包容的政治架构), so the noun phrase is the kind asked for, and the
    # words after the question word begin with it. 什么样 alone asks how something looks.
    # A thing asked its name (N叫什么, N的名称是什么): the name is that thing's, often ending in N.
    assert analyze("新建的机场叫什么？").category == "机场" and analyze("这家公司叫什么名字？").category == "公司"
    assert analyze("该报的金融专栏名称是什么？").category == "专栏" and analyze("这座桥叫什么名字？").category == ""
    assert analyze("这项赛事的官方名称是什么？").category == "赛事"  # 官方 "official" is the name's kind, no thing
    assert analyze("这家银行的英文名是什么？").category == ""  # a name in another tongue ends in no 银行
    kind_of = analyze("他们面对什么样的现实风险？")
    assert kind_of.category == "现实风险" and kind_of.after.startswith("现实风险") and kind_of.kind == Kind.ENTITY
    assert analyze("他长什么样？").category == ""


def test_a_which_question_is_answered_by_a_name_not_a_clause():
    """哪条高铁 asks for one railway by its name; 哪些 may be answered by a list of clauses."""
    from rag.answer.evidence import Candidate, _allowed
    from rag.answer.features import SentenceInfo

    sentence = "济郑高铁顺利通车,雄商高铁全线开工。"
    info = SentenceInfo(0, 0, len(sentence), sentence)
    spans = candidates(sentence)
    one, several = analyze("哪条高铁全线开工了？"), analyze("哪些高铁全线开工了？")
    rows = span_rows(one, sentence, spans, term_positions(one, sentence))
    allowed = {spans[i].type for i in _allowed(one, Candidate(info=info, spans=spans, span_x=rows))}
    assert "clause" not in allowed and allowed
    rows = span_rows(several, sentence, spans, term_positions(several, sentence))
    assert "clause" in {spans[i].type for i in _allowed(several, Candidate(info=info, spans=spans, span_x=rows))}
    # Where the sentence prints a name of the kind asked for, only such names may answer.
    other = analyze("济郑高铁通车后，哪条高铁也已全线开工？")
    rows = span_rows(other, sentence, spans, term_positions(other, sentence))
    assert {spans[i].text for i in _allowed(other, Candidate(info=info, spans=spans, span_x=rows))} == {"雄商高铁"}


@pytest.mark.parametrize("question", ["请问大桥有多长？", "能告诉我大桥有多长吗？", "我想知道大桥有多长。"])
def test_a_polite_request_around_a_question_is_no_search_term(question):
    """请问, 能告诉我…吗, 我想知道 ask; a term the articles never use would read as missing."""
    assert [t.surface for t in analyze(question).terms] == ["大桥"]


def test_a_lone_character_never_heads_a_reply():
    """A citation cannot check one character (夏 of 夏巴兹): the quote stands alone."""
    from rag.answer.extractive import fits_headline
    from rag.answer.spans import Span

    question = analyze("巴基斯坦总理是谁？")
    quote = "巴基斯坦总理夏巴兹出席。"
    assert not fits_headline(question, Span("夏", 6, 7, "person", 1), quote)
    assert fits_headline(question, Span("夏巴兹", 6, 9, "person", 1), quote)
    assert fits_headline(analyze("Who chaired the meeting?"), Span("Marsh", 0, 5, "person", 1), "Marsh chaired the meeting.")


@pytest.mark.parametrize(
    "question, holder, others",
    [
        ("甲组织秘书长是谁？", "王五", ["李四", "赵六"]),  # not another office, not the deputy
        ("谁是德国总统？", "李四", ["张三"]),  # the same office of another country is another office
        ("甲组织副秘书长是谁？", "赵六", ["王五"]),
    ],
)
def test_who_holds_an_office_is_a_person_printed_with_that_office(question, holder, others):
    """"…秘书长是谁" is not answered by a president or a deputy the sentence names."""
    from rag.answer.offices import same_office
    from rag.answer.words import tag_words

    sentence = "法国总统张三、德国总统李四、甲组织秘书长王五和副秘书长赵六出席。"
    words = tag_words(sentence)
    office = analyze(question).office
    fits = {name: same_office(office, sentence, words, sentence.index(name), sentence.index(name) + 2) for name in [holder, *others]}
    assert fits[holder] and not any(fits[name] for name in others)
    assert analyze("该漫画的作者是谁？").office == ""  # an author is no office
