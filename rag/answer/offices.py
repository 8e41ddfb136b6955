"""The office whose holder a 谁 question asks about (…秘书长是谁), which people a sentence
prints may hold it (白俄罗斯总统卢卡申科 holds no 秘书长), and the reverse: the post a named
person holds (张百顺担任什么职务 -> 聊城市委副书记、市长)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from rag.answer.lexicon import NOT_THE_SAME_TITLE, OFFICE_HEADS, TITLE_HEADS, Kind
from rag.answer.words import Word, tag_words

if TYPE_CHECKING:
    from rag.answer.question import Question
    from rag.answer.spans import Span


def office_of(title: str, text: str, end: int) -> str:
    """The office a title word ending at `end` in `text` names, with the modifier that makes it
    another office (副, 前, 原: 副秘书长 is not 秘书长)."""
    if len(title) > 2 and title[0] == title[1]:
        title = title[1:]  # jieba glues a body's last character to its head's title: 局|局长 of 信息化局局长
    start = end - len(title)
    return (text[start - 1] + title) if start > 0 and text[start - 1] in NOT_THE_SAME_TITLE else title


def _place_before(words: tuple[Word, ...], end: int) -> str:
    """The place named right before offset `end` (白俄罗斯 of 白俄罗斯总统), "" when none is."""
    return next((w.text for w in words if w.end == end and w.tag.startswith("ns")), "")


def asked_office(question: Question) -> str:
    """The office a 谁 question asks about, with the place it is of when the question names one
    ("秘书长" of "上海合作组织秘书长是谁", "白俄罗斯|总统", "副秘书长"), "" for no office."""
    if question.lang != "zh" or question.kind != Kind.PERSON:
        return ""
    for term in question.focus_terms:
        if OFFICE_HEADS.search(term.surface) and term.surface in question.text:
            end = question.text.find(term.surface) + len(term.surface)
            office = office_of(term.surface, question.text, end)
            place = _place_before(tag_words(question.text), end - len(office))
            return f"{place}|{office}" if place else office
    return ""


def holding_office(office: str, sentence: str, spans: Sequence[Span], indices: list[int]) -> list[int]:
    """Of the candidates at `indices`, those that may hold the office asked about: a person, not
    a body, whom the sentence prints with no other office ("白俄罗斯总统卢卡申科", "副秘书长索海尔·汗"
    for "上海合作组织秘书长是谁"), and of those the ones printed with that very office when some
    are ("学部委员潘家华", not the officials listed after him); all of them when the question asks
    about no office."""
    if not office:
        return indices
    words = tag_words(sentence)
    printed = {i: _printed_with(office, sentence, words, spans[i].start, spans[i].end) for i in indices if spans[i].type != "org"}
    kept = [i for i, held in printed.items() if held is not False]
    return [i for i in kept if printed[i]] or kept


def same_office(asked: str, sentence: str, words: tuple[Word, ...], start: int, end: int) -> bool:
    """Whether the person named in sentence[start:end] may hold the office asked about: the
    sentence prints no office right before the name, or the same one (of the same place, when
    both name a place): not "白俄罗斯总统卢卡申科" for "上海合作组织秘书长是谁" or
    "乌兹别克斯坦总统米尔济约耶夫" for "谁是白俄罗斯总统"."""
    return _printed_with(asked, sentence, words, start, end) is not False


def _printed_with(asked: str, sentence: str, words: tuple[Word, ...], start: int, end: int) -> bool | None:
    """True when the name in sentence[start:end] is printed right after the office asked about,
    False when after another office, None when after none."""
    name = next((w for w in words if start <= w.start < end and w.tag.startswith("nr")), None)
    at = next((k for k, w in enumerate(words) if name is not None and w.end == name.start), None)
    if at is None or not TITLE_HEADS.search(words[at].text):
        return None
    # Titles joined by 、 all belong to the name after them (市委副书记、市长张百顺 holds both).
    titles = [at]
    while titles[-1] >= 2 and words[titles[-1] - 1].text == "、" and TITLE_HEADS.search(words[titles[-1] - 2].text):
        titles.append(titles[-1] - 2)
    asked_place, _, asked_title = asked.rpartition("|")
    for k in titles:
        office = office_of(words[k].text, sentence, words[k].end)
        place = _place_before(words, words[k].end - len(office))
        if office == asked_title and (not place or not asked_place or place == asked_place):
            return True
    return False


# A question asking for someone's post: 担任什么职务, 是什么职位, 的头衔是什么, 任何职.
_POST_ASKED = re.compile(r"(?:什么|啥|何|哪些|哪个)(?:职务|职位|官职|头衔)|(?:职务|职位|头衔)(?:是|为)(?:什么|啥)|担任什么|任何职(?!责|能)")
# Words a title is made of: the body it is of (聊城|市委, 市政协), a distinguishing word (副) and
# the title itself (书记, 主任); not a personal name, which begins another person.
_TITLE_TAGS = ("n", "j", "b", "vn", "zg")  # prefixes of jieba tags: n covers ns, nt, nz


def asks_post(question: Question) -> bool:
    """Whether a Chinese question asks what post someone holds (张百顺担任什么职务？)."""
    return question.lang == "zh" and _POST_ASKED.search(question.text) is not None


def posts_printed(question: Question, sentence: str) -> list[tuple[int, int]]:
    """Offsets of the titles the sentence prints right before the name of a person the question
    names: news gives a person's posts in apposition before the name, several joined by 、
    ("聊城市委副书记、市长张百顺", "市政协主席曾晓黎")."""
    words = tag_words(sentence)
    posts = []
    for k, word in enumerate(words):
        if not (word.tag.startswith("nr") and len(word.text) > 1 and word.text in question.text):
            continue
        start = k
        while start > 0 and (words[start - 1].text == "、" or (words[start - 1].tag.startswith(_TITLE_TAGS) and not words[start - 1].tag.startswith("nr"))):
            start -= 1
        while start < k and words[start].text == "、":
            start += 1
        if start < k and TITLE_HEADS.search(words[k - 1].text):
            posts.append((words[start].start, word.start))
    return posts
