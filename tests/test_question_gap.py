"""The question's gap: the stretch of a sentence where the question's words leave off and its
answer stands (rag.answer.gap), each rule on short synthetic sentences written for it."""

from __future__ import annotations

import pytest

from rag.answer.align import question_candidates
from rag.answer.gap import question_gap
from rag.answer.question import analyze


@pytest.mark.parametrize(
    "question, sentence, gap",
    [
        ("桃花源小厨以什么而闻名？", "该店以太史五蛇羹而闻名，吸引不少食客。", "太史五蛇羹"),  # both sides
        ("谁在2011年夺得冠军？", "赵芸蕾在2011年夺得冠军。", "赵芸蕾"),  # the question word begins it
        ("乌石渔港位于哪里？", "乌石渔港位于台湾宜兰县头城镇，是观光渔港。", "台湾宜兰县头城镇"),  # it ends it
        ("甲国总统是谁？", "甲国总统张三、乙国总统李四出席会议。", "张三"),  # one item of a list
        ("出席的有哪些国家？", "出席的有甲国、乙国，总统均到场。", "甲国、乙国"),  # a list for 哪些
        # The topic is named once, the next clause leaves it out: the gap is in that clause.
        ("列车从哪里出境？", "列车从西安站开出，将由霍尔果斯口岸出境。", "霍尔果斯口岸"),
        # The copula or preposition joining the question's words to the answer is not the answer.
        ("这项赛事的正式名称是什么？", "这项赛事，正式名称为「城市公开赛」，每年举行。", "城市公开赛"),
        ("她是何时毕业于艺校的？", "她于1981年毕业于艺校。", "1981年"),
        # The question prints part of a function word the sentence prints whole (靠 of 靠着),
        # and the sentence joins the answer to the question's next word with 的.
        ("他靠什么机会进入了国家队？", "他靠着队员名单扩编的机会进入了国家队。", "队员名单扩编"),
        ("电视剧常以什么方式表现爱情？", "电视剧常以浪漫喜剧的方式表现爱情。", "浪漫喜剧"),
        # A quoted name opening the gap keeps both its marks, though marks at its edges are trimmed.
        # It ends before 等 "and others", which closes the instances before their kind.
        ("城市将办好什么活动？", "城市将办好“春风-2024”联合演练等活动。", "“春风-2024”联合演练"),
        # The sentence states the act without the question's aspect particle (了), and the
        # noun naming the kind asked for (歌曲, 城市) stands nowhere: the answer is in its place.
        ("孩子们演唱了什么歌曲？", "十名少年为客人演唱《茉莉花》。", "茉莉花"),
        ("会议在哪座城市举行？", "会议在古城西安举行。", "古城西安"),
        # Where the sentence prints that noun, the name asked for ends in it, and the 的 that
        # ties it to the question's words before is not part of it.
        ("她想去北京哪所大学读书？", "她想去北京的首都师范大学读书。", "首都师范大学"),
        ("他毕业于哪所大学？", "他毕业于南开大学，后来留校任教。", "南开大学"),
        ("代表团参观了哪家工厂？", "代表团参观了红星拖拉机工厂。", "红星拖拉机工厂"),
        ("他支持联合国的哪一场峰会？", "他支持联合国未来峰会，希望峰会成功。", "未来峰会"),  # no 的 printed
        # A comma may stand between the question's words and the copula before the answer.
        ("今年的首场主场外交是什么活动？", "今年的首场主场外交，是中亚峰会。", "中亚峰会"),
        # An adverb before the copula (还是 "is also") is the question's word as the copula is.
        ("他在市发改委还是什么职务？", "他是市发改委党组成员，兼任中心主任。", "党组成员"),
        # A comparison asked with 比 (比全省高出多少) is found as news prints it, with 于 (高于全省),
        # and still as asked where the sentence prints it so.
        ("今年增速比全省高出多少？", "今年增速为6.1%，高于全省0.1个百分点。", "0.1个百分点"),
        ("人口比去年多了多少？", "全市人口比去年多了3万人。", "3万人"),
        # 什么样的 is one question word; the 的 after it ties the gap to the noun described.
        ("他们面对什么样的现实风险？", "他们面对“小院高墙”的现实风险，仍坚持开放。", "“小院高墙”"),
    ],
)
def test_the_question_gap_is_found_between_its_words_in_the_sentence(question, sentence, gap):
    q = analyze(question)
    start, end = question_gap(q, sentence)
    assert sentence[start:end] == gap
    assert any(s.text == gap for s in question_candidates(q, sentence))


def test_no_gap_when_the_sentence_does_not_repeat_the_question():
    assert question_gap(analyze("桃花源小厨以什么而闻名？"), "天气很好。") is None
    assert question_gap(analyze("Who won the title?"), "赵芸蕾夺得冠军。") is None


def test_a_phrase_that_begins_the_gap_is_marked_aligned_too():
    """The gap of "甲国总统是谁" runs to the clause's end ("张三主持"); the name that begins it
    is where the question's words leave off, the other president is not."""
    from rag.answer.features import SPAN_FEATURES, span_rows
    from rag.answer.matching import term_positions

    question, sentence = analyze("甲国总统是谁？"), "会议由甲国总统张三主持，乙国总统李四出席。"
    spans = question_candidates(question, sentence)
    rows = span_rows(question, sentence, spans, term_positions(question, sentence))
    aligned = {s.text: rows[i, SPAN_FEATURES.index("aligned")] for i, s in enumerate(spans)}
    assert aligned["张三主持"] == 1.0 and aligned["张三"] == 0.5 and aligned.get("李四", 0.0) == 0.0


@pytest.mark.parametrize(
    "question, verb, sentence, answer",
    [
        ("这项活动的主办方是谁？", "主办", "这项活动由市文化局主办，市图书馆承办。", "市文化局"),  # not the 承办方
        ("这座车站的经营方是谁？", "经营", "这座车站是由东方铁路公司所经营的车站。", "东方铁路公司"),  # through 所
        ("这家工厂的创办人是谁？", "创办", "这家工厂在1950年由张三创办。", "张三"),
    ],
)
def test_an_agent_noun_asked_for_frames_the_answer_before_its_verb(question, verb, sentence, answer):
    """"X的主办方是谁" asks who 主办 X: the sentence may say it with the verb after the answer
    (由Y主办), so the verb is the right frame of the question and the answer matches it."""
    from rag.answer.align import frames
    from rag.answer.features import SPAN_FEATURES, span_rows
    from rag.answer.matching import term_positions
    from rag.answer.spans import candidates

    q = analyze(question)
    assert frames(q)[1] == verb
    spans = candidates(sentence)
    rows = span_rows(q, sentence, spans, term_positions(q, sentence))
    right = {s.text: rows[i, SPAN_FEATURES.index("right_frame")] for i, s in enumerate(spans)}
    assert right[answer] > 0 and right[answer] == max(right.values())
    assert right.get("市图书馆", 0.0) == 0.0


def test_a_word_that_is_no_agent_noun_sets_no_frame():
    """作者 is one character of verb (作) and a suffix: too short to frame an answer by chance;
    哪国人 asks a nationality, no agent."""
    from rag.answer.align import frames

    assert frames(analyze("这本书的作者是谁？"))[1] == ""
    assert frames(analyze("他是哪国人？"))[1] == "人"


def test_the_noun_asked_for_frames_nothing_where_the_sentence_does_not_print_it():
    """哪个部门的通报表扬: the answer stands where 部门 is ("国家发展改革委通报表扬"), so the words
    after the noun frame it; where the sentence prints the noun, it stays in the frame."""
    from rag.answer.align import frames

    question = analyze("这项工作受到了哪个部门的通报表扬？")
    assert frames(question, sentence="该项目获国家发展改革委通报表扬。")[1] == "通报表扬"
    assert frames(question, sentence="该项目获宣传部门的通报表扬。")[1].startswith("部门")
