"""Candidate short answers are whole values and names, each rule on short synthetic sentences
written for it: foreign names across interpuncts and Latin names across spaces, compound
measure words, ranges and times of day, enumerations, tag fixes (buildings, counted nouns,
name pieces jieba cut apart), and sentences in traditional script."""

from __future__ import annotations

import re

import pytest

from rag.answer.dotted_names import dotted_names
from rag.answer.question import analyze
from rag.answer.spans import candidates


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("主角巴里·尼尔逊（Barry Nelson）出演。", ["巴里·尼尔逊"]),
        ("该书由伊夫林·比阿特丽斯·霍尔以笔名写成。", ["伊夫林·比阿特丽斯·霍尔"]),
        ("由作家基斯·吉芬和约翰·罗杰斯创作。", ["基斯·吉芬", "约翰·罗杰斯"]),  # two names, not one
        ("米哈伊尔・戈尔巴乔夫说。", ["米哈伊尔・戈尔巴乔夫"]),
        ("副秘书长索海尔·汗表示。", ["索海尔·汗"]),  # a one-character part, whatever jieba tags it
        ("前秘书长博拉特·努尔加利耶夫说。", ["博拉特·努尔加利耶夫"]),  # a lone syllable between pieces
        # Words that join two names part them: a particle, a copula, a verb.
        ("现任总理贾斯汀·特鲁多的父亲皮埃尔·特鲁多去世。", ["贾斯汀·特鲁多", "皮埃尔·特鲁多"]),
        ("卡尔·马克思是弗里德里希·恩格斯的朋友。", ["卡尔·马克思", "弗里德里希·恩格斯"]),
        ("约翰·史密斯会见玛丽·琼斯。", ["约翰·史密斯", "玛丽·琼斯"]),
        ("阿卜杜勒·拉赫曼·本·阿卜杜勒阿齐兹·阿勒沙特国王", ["阿卜杜勒·拉赫曼·本·阿卜杜勒阿齐兹·阿勒沙特"]),  # a long piece
    ],
)
def test_a_foreign_name_is_one_candidate_across_its_interpuncts(sentence, names):
    assert [sentence[a:b] for a, b in dotted_names(sentence)] == names
    found = {c.text: c.type for c in candidates(sentence)}
    assert all(found.get(name) == "person" for name in names)
    assert "尼尔" not in found and "伊夫" not in found  # never a piece of the name


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("英文全称：Bank for Investment and Development of Vietnam，是越南的银行。", "Bank for Investment and Development of Vietnam"),
        ("机长Reginald W. Stewart在收到警告后决定中止起飞。", "Reginald W. Stewart"),
        ("该公司改名为Hillshire Brands.", "Hillshire Brands"),
    ],
)
def test_a_name_in_latin_letters_is_one_candidate_across_its_spaces(sentence, name):
    found = {c.text: c.type for c in candidates(sentence)}
    assert found.get(name) == "proper"
    assert not any(text != name and text in name and " " in text for text in found)  # never a piece of it


def test_a_sentence_of_english_prose_is_no_name():
    found = candidates("He said that this is a very long sentence in English.")
    assert not any(c.text.count(" ") >= 1 for c in found if c.type in ("person", "place", "org", "proper"))


@pytest.mark.parametrize(
    "sentence, value, kind",
    [
        ("第二届比赛于2009年9月27日-10月9日举行。", "2009年9月27日-10月9日", "date"),
        ("1984年至1992年，他在伯尔尼工作。", "1984年至1992年", "date"),
        ("每队3至5人参赛。", "3至5人", "quantity"),
        ("7月1日18时35分，班列从西安开出。", "7月1日18时35分", "date"),
        ("会议于下午3点半开始。", "下午3点半", "date"),
        ("今年3月，秘书处正式成立。", "今年3月", "date"),  # a year named by reference, with its month
        ("同年5月12日，他当选主席。", "同年5月12日", "date"),
        ("前三季度，全市生产总值增长6.1%。", "前三季度", "date"),  # a quarter of the calendar, no count
        ("2023年一季度，出口增长5%。", "2023年一季度", "date"),
        ("1-11月份，一般公共预算收入增长7.1%。", "1-11月份", "date"),  # a run of months, 月 printed once
        ("11月，首批松子运抵。", "11月", "date"),  # a month alone
        ("6日上午，访问圆满结束。", "6日上午", "date"),  # a day of the paper's month, with its part of the day
        ("5日18时30分，专机抵达。", "5日18时30分", "date"),
    ],
)
def test_ranges_and_times_of_day_are_whole_values(sentence, value, kind):
    found = {c.text: c.type for c in candidates(sentence)}
    assert found.get(value) == kind


def test_a_range_keeps_its_ends_as_candidates():
    found = {c.text for c in candidates("1984年至1992年，他在伯尔尼工作。")}
    assert {"1984年", "1992年"} <= found  # "since when" asks for one end


@pytest.mark.parametrize(
    "sentence, value",
    [("审批时限压缩至30日内。", "30日"), ("连续60日无新增病例。", "60日"), ("工程历时90日完工。", "90日"),  # days counted
     ("工程用了三个月。", "三个月")],  # months counted
)
def test_a_count_of_days_or_months_stays_an_amount(sentence, value):
    """A bare 30日 counts days as often as it dates them: only with the part of the day it names
    (6日上午) is it a date, so "审批时限压缩至多少日？" keeps its answer."""
    assert {c.text: c.type for c in candidates(sentence)}.get(value) == "quantity"


@pytest.mark.parametrize("sentence, not_a_month", [("6月龄以下婴儿免费接种。", "6月"), ("工期约1.5月。", "5月"), ("第13月的数据。", "13月")])
def test_an_age_in_months_a_decimal_or_a_thirteenth_month_is_no_month(sentence, not_a_month):
    assert {c.text: c.type for c in candidates(sentence)}.get(not_a_month) != "date"


def test_a_numbered_line_is_no_date_and_no_count_is_cut_out_of_a_run_of_months():
    assert {c.text: c.type for c in candidates("地铁3号线同步开通。")}.get("3号") != "date"
    assert "11" not in {c.text for c in candidates("1-11月份，收入增长7.1%。")}
    assert {c.text: c.type for c in candidates("截至9月底，出口增长5%。")}.get("9月底") == "date"  # the end of a month, whole


def test_a_train_number_is_no_date():
    found = {c.text: c.type for c in candidates("满载货物的X9043次中欧班列从西安开出。")}
    assert all(kind != "date" for text, kind in found.items() if "X9043" in text)


def test_buildings_are_places_and_counted_nouns_are_no_names():
    found = {c.text: c.type for c in candidates("习近平在阿斯塔纳独立宫出席会议，两国国旗迎风飘扬。")}
    assert found.get("独立宫") == "place"  # jieba tags it as a person's name
    assert found.get("两国") not in ("place", "person")  # "the two countries" names none


@pytest.mark.parametrize("sentence, pair", [("中塔两国国旗迎风飘扬。", "中塔"), ("哈中关系史上的大事。", "哈中"), ("在中阿双方共同推动下。", "中阿")])
def test_a_pair_of_countries_joined_with_zhong_is_no_place_or_person(sentence, pair):
    """中塔 is "China–Tajikistan", an adjective of relations: jieba tags such pairs as places or
    names, but none answers 哪里 or 谁."""
    assert all(c.type not in ("place", "person") for c in candidates(sentence) if c.text == pair)
    assert any(c.type == "place" for c in candidates("习近平赴杜尚别访问。") if c.text == "杜尚别")


def test_a_common_surname_after_a_job_title_opens_a_persons_name():
    """jieba reads 张 of "市长张百顺" as a measure word (一张纸 "a sheet of paper") and 百顺 as
    some proper noun: after a title, the surname and the word after it are a person's name."""
    assert any(c.text == "张百顺" and c.type == "person" for c in candidates("市委副书记、市长张百顺出席发布会。"))
    assert not any(c.type == "person" for c in candidates("他买了一张票。"))  # no title: 张 counts


def test_pieces_of_a_name_jieba_cut_apart_are_one_word_again():
    found = {c.text: c.type for c in candidates("伊朗代理总统穆赫贝尔和印度代表出席。")}
    assert found.get("穆赫贝尔") == "person"
    assert "穆赫" not in found and "贝尔" not in found
    # jieba glues 同 "with" to the name's first letter (同托/卡耶夫): the letter is the name's.
    found = {c.text: c.type for c in candidates("国家主席同托卡耶夫总统举行会谈。")}
    assert found.get("托卡耶夫") == "person" and "卡耶夫" not in found and not {t for t in found if t.endswith("同托")}
    # jieba cuts a name before its last letter when that letter is glued to the division it
    # names (帕克蒂/亚省): "Paktia Province" is one place, never 亚省.
    found = {c.text: c.type for c in candidates("阿富汗东部帕克蒂亚省山丘连绵。")}
    assert found.get("帕克蒂亚省") == "place" and "亚省" not in found and "帕克蒂" not in found
    assert {c.text: c.type for c in candidates("他来自张家口市。")}.get("张家口市") == "place"  # a known place stays whole


@pytest.mark.parametrize(
    "sentence, items, kind",
    [
        ("该植物分布于越南、老挝、缅甸等地。", "越南、老挝、缅甸", "place"),
        ("条约由周恩来与金日成签订。", "周恩来与金日成", "person"),
    ],
)
def test_an_enumeration_is_one_candidate_as_well_as_its_items(sentence, items, kind):
    found = {c.text: c.type for c in candidates(sentence)}
    assert found.get(items) == kind
    assert all(item in found for item in re.split(r"、|与|和", items))  # each item stays a candidate


def test_a_sentence_in_traditional_script_has_the_same_candidates_in_its_own_script():
    simplified = "东日本旅客铁道共销售87,064辆汽车，面积4200平方米。"
    traditional = "東日本旅客鐵道共銷售87,064輛汽車，面積4200平方米。"
    found = [(c.start, c.end, c.type) for c in candidates(traditional)]
    assert found == [(c.start, c.end, c.type) for c in candidates(simplified)]
    texts = {c.text: c.type for c in candidates(traditional)}
    assert texts.get("87,064輛") == "quantity" and "87,064辆" not in texts  # quoted as printed


def test_a_phrase_neither_begins_nor_ends_with_a_copula():
    """The answer stands after 是/为: 路易十四, not 是国王路易十四; 奇穆王国, not 为奇穆."""
    found = {c.text for c in candidates("胜利广场中心是国王路易十四的骑马雕像。")}
    assert {"路易十四", "国王路易十四"} <= found and not {t for t in found if t.startswith("是") or t.endswith("是")}
    found = {c.text for c in candidates("昌昌为奇穆王国的首都。")}
    assert "奇穆王国" in found and not {t for t in found if t.startswith("为")}


@pytest.mark.parametrize(
    "sentence, phrase",
    [
        ("该领主在领内实行「一领具足」制度。", "「一领具足」制度"),
        ("双方推动“一带一路”倡议深入对接。", "“一带一路”倡议"),
        ("他为《人民日报》撰写社论。", "《人民日报》"),
    ],
)
def test_a_short_quoted_term_can_be_part_of_a_phrase(sentence, phrase):
    assert phrase in {c.text for c in candidates(sentence)}


def test_names_in_someones_quoted_words_are_candidates_but_a_short_quoted_term_is_whole():
    """Someone's words state facts (“…想去中国的清华大学读书” names a university); a short quoted
    term is one name, never cut into its words."""
    spoken = {c.text: c.type for c in candidates("孩子们说：“长大后我想去中国的清华大学读书。”")}
    assert spoken.get("清华大学") == "org"
    termed = {c.text for c in candidates("他购入一架“中国智造”无人机。")}
    assert "“中国智造”无人机" in termed and not {"中国", "智造"} & termed


def test_no_phrase_opens_or_closes_a_quotation_halfway():
    found = [c.text for c in candidates("他购入一架“中国智造”无人机作为礼物。") if c.type != "clause"]
    assert all(text.count("“") == text.count("”") for text in found)
    speech = [c.text for c in candidates("他说：“我们一定会把这件事做好，请大家放心，谢谢大家的支持。”") if c.type != "clause"]
    assert all(text.count("“") == text.count("”") for text in speech)


def test_no_candidate_holds_half_of_a_bracket_or_quotation_the_sentence_closes():
    """Clauses too: "Paul Sereno）提出…" of "保罗·塞里诺（Paul Sereno）提出…" would print a
    closing bracket with no opening one; the name with its bracket, or inside it, stays."""
    sentence = "在1988年，保罗·塞里诺（Paul Sereno）提出这个概念，定义包括所有鸟类。"
    found = [c.text for c in candidates(sentence)]
    assert "保罗·塞里诺（Paul Sereno）提出这个概念" in found and "Paul Sereno" in found
    assert not [t for t in found if t.count("（") != t.count("）")]
    # A mark the sentence never pairs (OCR lost the other one) does not bar a candidate.
    assert any("”" in c.text for c in candidates("他说好”的时候大家都笑了。"))


@pytest.mark.parametrize(
    "sentence, body",
    [
        ("她在中哈霍尔果斯国际边境合作中心找到工作。", "中哈霍尔果斯国际边境合作中心"),
        ("活动由中共聊城市委网信办主办。", "中共聊城市委网信办"),
        ("北京积水潭医院聊城医院顺利挂牌。", "北京积水潭医院聊城医院"),
    ],
)
def test_a_named_phrase_headed_by_an_institution_is_a_body(sentence, body):
    """A place or a name, then an institution's head word (中心, 医院, 办): an organisation,
    which a 谁 or 哪里 question may ask for; a verb ending in the same character is none (主办)."""
    found = {c.text: c.type for c in candidates(sentence)}
    assert found.get(body) == "org"
    assert not any(t.endswith("主办") and kind == "org" for t, kind in found.items())


def test_a_named_phrase_headed_by_a_place_word_is_a_place():
    """A name, then a place word (处所词, jieba's s: 口岸 "port of entry"): a place, which 哪里
    asks for ("将由霍尔果斯铁路口岸出境" for 从哪里出境); the place word alone is no name."""
    found = {c.text: c.type for c in candidates("列车将由霍尔果斯铁路口岸出境。")}
    assert found.get("霍尔果斯铁路口岸") == "place"
    assert found.get("口岸", "noun") != "place"


@pytest.mark.parametrize(
    "sentence, value, kind",
    [
        ("来稿请发送到邮箱:news-desk@example.com.cn;谢谢。", "news-desk@example.com.cn", "proper"),
        ("详情见官网https://www.example.org/notice/12.html，欢迎查询。", "https://www.example.org/notice/12.html", "proper"),
        ("咨询电话:0635-8451234。", "0635-8451234", "number"),
        ("报名请拨打(010)12345678或13912345678。", "(010)12345678", "number"),
        ("服务热线400-123-4567全天开通。", "400-123-4567", "number"),
    ],
)
def test_an_email_address_a_web_address_or_a_phone_number_is_one_candidate(sentence, value, kind):
    """Contact details are printed in news to be used: a reader asking for the hotline wants the
    whole number, never 0635 or 8451234 alone."""
    found = {c.text: c.type for c in candidates(sentence)}
    assert found.get(value) == kind
    assert not any(value != text and (value.startswith(text) or value.endswith(text)) and len(text) > 1 and text[0].isalnum() for text in found)



@pytest.mark.parametrize("sentence, value", [("白俄罗斯首次作为成员国出席峰会。", "首次"), ("这是首届中国－中亚峰会。", "首届")])
def test_shou_before_a_measure_word_answers_a_question_asking_which_in_order(sentence, value):
    """首次 is 第一次 ("the first time"): it answers 第几次. Elsewhere it is an adverb (首次闯入)
    and no candidate; after a number 首 counts (三首歌)."""
    from rag.answer.align import question_candidates
    from rag.answer.question import analyze

    assert {c.text: c.type for c in question_candidates(analyze("这是第几次？"), sentence)}.get(value) == "ordinal"
    assert value not in {c.text for c in question_candidates(analyze("谁出席了峰会？"), sentence) if c.type == "ordinal"}
    assert "三首" not in {c.text for c in question_candidates(analyze("这是第几首？"), "他演唱了三首歌。") if c.type == "ordinal"}


def test_a_stage_of_life_is_no_date():
    """青年 "young people" and 童年 "childhood" are tagged time words and end in 年, but name no date."""
    found = {c.text: c.type for c in candidates("将向各国提供1000个青年赴华交流名额，他的童年在北京度过，今年举办论坛。")}
    assert found.get("1000个青年") != "date" and found.get("童年") != "date"
    assert found.get("今年") == "date"


def test_a_phrase_running_into_a_question_word_also_stands_without_it():
    """jieba reads 国家发展改革委通报 as one noun phrase; 通报 is the question's word, so the
    body before it is a candidate of its own."""
    from rag.answer.align import question_candidates

    sentence = "该平台建设获国家发展改革委通报表扬。"
    texts = {c.text for c in question_candidates(analyze("这项工作受到了哪个部门的通报表扬？"), sentence)}
    assert "国家发展改革委" in texts
    assert "国家发展改革委" not in {c.text for c in question_candidates(analyze("这项工作受到了哪个部门的表扬？"), "该平台建设获国家发展改革委褒奖。")}
