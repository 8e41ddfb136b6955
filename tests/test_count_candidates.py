"""Counts among the candidate answers, each rule on short synthetic sentences written for it:
compound measure words, counts in measure words of kinds, pairs, votes, durations and weight,
and 一 before a measure word, which is mostly the indefinite article and no count."""

from __future__ import annotations

import pytest

from rag.answer.evidence import allowed_spans
from rag.answer.question import analyze
from rag.answer.spans import candidates


def test_a_compound_measure_word_keeps_the_whole_count():
    found = {c.text: c.type for c in candidates("发表报道241篇次，举办培训6批次。")}
    assert found.get("241篇次") == "quantity" and found.get("6批次") == "quantity"
    assert "241篇" not in found
    # Asked for with it, the count in the compound unit answers.
    asked = analyze("发表了多少篇次报道？")
    spans = candidates("发表报道241篇次，举办培训6批次。")
    assert asked.unit == "篇次" and "241篇次" in {spans[i].text for i in allowed_spans(asked, spans)}


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("新系统共部署飞弹，分为两类。", "两类"),  # kinds are counted with 类
        ("预计全年粮食总产116亿斤以上。", "116亿斤"),  # 斤, the Chinese unit of weight
        ("他在选举中以52票当选。", "52票"),  # votes
        ("双方共交换了三对大熊猫。", "三对"),  # pairs
        ("整个过程持续了一刻钟。", "一刻钟"),  # durations: a quarter-hour, weeks
        ("工程前后只用了三个星期。", "三个星期"),
        ("全市森林抚育30余万亩。", "30余万亩"),  # 余 before the scale word as well as after it
        ("她的月收入近万元人民币。", "近万元"),  # a round amount: its scale word after 近, 上, 数
        ("每年超过千吨的货物运到港口。", "超过千吨"),  # or alone after a word qualifying an amount
        ("他每天工作十个小时。", "十个小时"),
        ("工程历时三个季度。", "三个季度"),  # quarters of a year, never cut to 三个季 "three seasons"
    ],
)
def test_a_count_in_a_measure_word_of_kinds_pairs_votes_durations_or_weight_is_a_quantity(sentence, value):
    found = {c.text: c.type for c in candidates(sentence)}
    assert found.get(value) == "quantity"
    assert not any(value.startswith(text) and text != value and kind == "quantity" for text, kind in found.items())  # no count cut short


@pytest.mark.parametrize(
    "sentence, article",
    [
        ("政府决定建立一个平台，服务企业。", "一个"),  # "a platform"
        ("报告公布了一组数据。", "一组"),  # "a set of figures"
        ("他是一位睿智的领导人。", "一位"),
        ("双方共同建成一批示范项目。", "一批"),
    ],
)
def test_yi_before_a_measure_word_is_the_indefinite_article_and_no_count(sentence, article):
    """一个, 一组 mostly say "a": news prints a count of one in digits (1个) or after a word that
    limits it (只有一个), so bare 一个 never answers how many."""
    assert not any(c.text == article and c.type in ("quantity", "number") for c in candidates(sentence))
    assert not allowed_spans(analyze("有多少个？"), [c for c in candidates(sentence) if c.text == article])


@pytest.mark.parametrize(
    "sentence, count",
    [
        ("全省目前只有一个试点。", "只有一个"),  # a word that limits it makes it a count
        ("事故造成一人受伤。", "一人"),  # 人 is no article's measure word
        ("全市已建成3个试点。", "3个"),
        ("该村有十一个自然村。", "十一个"),
    ],
)
def test_a_count_of_one_after_a_limiting_word_or_in_digits_stays_a_quantity(sentence, count):
    assert {c.text: c.type for c in candidates(sentence)}.get(count) == "quantity"
