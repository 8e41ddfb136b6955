"""Evidence units: a sentence is read with the one before it when it points back at a place or
a time that one named, or only says who spoke the quotation that one closes, on short
synthetic texts written for each rule."""

from __future__ import annotations

from rag.answer.topic_chains import evidence_units


def test_a_sentence_pointing_back_at_a_place_or_time_is_read_with_the_one_before():
    text = "甲省东部山丘连绵。这里出产的松子颗粒饱满。当地时间7月4日，会议开幕。当时天降大雨。"
    units = [text[s:e] for s, e in evidence_units(text)]
    # 这里 is 甲省东部; 当地时间 is "local time", no pointer; 当时 is the day of the meeting.
    assert units == ["甲省东部山丘连绵。这里出产的松子颗粒饱满。", "当地时间7月4日，会议开幕。当时天降大雨。"]
    other = "他出生于北京。其父是医生。"  # no place or time pointed back at: two units
    assert [other[s:e] for s, e in evidence_units(other)] == ["他出生于北京。", "其父是医生。"]


def test_a_sentence_naming_only_the_speaker_of_a_quote_is_read_with_the_quote():
    """News prints a quotation and then who said it: the quote alone lacks its speaker, so "谁说
    要…" could only be answered from both sentences read together."""
    text = "“本单位将确保实现突破。”市发改委副主任张三表示。绿色是底色。"
    assert [text[s:e] for s, e in evidence_units(text)] == ["“本单位将确保实现突破。”市发改委副主任张三表示。", "绿色是底色。"]
    # A sentence that goes on to say more is no attribution; one after no quote points at nothing.
    for text in ("“好。”他说，明年还要来。", "会议开幕。他说。", "“好。”张三介绍了情况。"):
        assert len(evidence_units(text)) == 2, text
