"""The kind of answer a question asks for, read off its question word (谁, 哪一年, 多少, "how
many"), or off a noun naming it at the end ("大会的举办地点？"); and the opening clause that only
says where the asked fact was said (据X介绍，…), which is context rather than what is asked."""

from __future__ import annotations

import re

from rag.answer.lexicon import EN_QUESTION_WORDS, PERCENT_HINT, SAYING_VERBS, ZH_QUESTION_NOUNS, ZH_QUESTION_WORDS, Kind
from rag.answer.words import tag_words
from rag.lang import to_simplified


def question_kind(text: str, lang: str) -> tuple[Kind, re.Match[str] | None]:
    """The kind of value asked for, and where the question word stands (zh: in simplified script)."""
    table = EN_QUESTION_WORDS if lang == "en" else ZH_QUESTION_WORDS + ZH_QUESTION_NOUNS
    subject = text.lower() if lang == "en" else to_simplified(text)
    # Both languages set the scene before a comma and ask in the last clause: a question word
    # in a clause before it is an indefinite ("东阿县打造的几个片区里，牛角店那个片区叫什么",
    # 几个 "the few") or a subordinate clause ("When he met Xi, which country did he name?").
    last = max((m.end() for m in _CLAUSE_COMMA.finditer(subject)), default=0)
    if lang == "en" and _EN_FRONTED.match(subject):
        last = 0  # "How old is Aigerim, the woman who…": the opening asks, the rest describes
    for start in ([last, 0] if last else [0]):
        found = [(kind, match) for kind, pattern in table if (match := re.compile(pattern).search(subject, start))]
        if lang == "en":
            # English fronts its question word: a later "when" or "who" opens a subordinate or
            # relative clause ("What flowers did the children give when he arrived?"). A request
            # ("Tell me when…") and a yes-no opening are no question word of their own.
            wh = [(kind, match) for kind, match in found if kind != Kind.YESNO and not _EN_REQUEST.match(match.group())]
            found = sorted(wh, key=lambda pair: pair[1].start()) + [pair for pair in found if pair not in wh]
        if not found:
            continue
        kind, match = found[0]
        if kind == Kind.NUMBER and PERCENT_HINT.search(subject):
            return Kind.PERCENT, match
        if kind == Kind.REASON and match.group().endswith("为什么") and _as_what(subject, match.end() - 3):
            return Kind.ENTITY, _WHAT.search(subject, match.end() - 2)  # 为 stays the verb's
        return kind, match
    return Kind.OTHER, None


_CLAUSE_COMMA = re.compile(r"，|(?<!\d),|,(?!\d)")  # a comma, not one inside a number (1,000)
_WHAT = re.compile("什么")
_EN_REQUEST = re.compile(r"(?:please,? )?(?:tell|give|show|name|list)\b")
# A question word opening a main clause: "how" (how old, how many) or a wh-word whose verb
# inverts with an auxiliary ("Which country did…", "Who is…"); an opening "When he met Xi,"
# subordinates, its subject follows it.
_EN_FRONTED = re.compile(
    r"\s*(?:how\b|(?:what|which|who|whom|whose|where|when|why)\b(?:\s+[\w'-]+){0,2}?\s+"
    r"(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might|must)\b)"
)


def _as_what(text: str, at: int) -> bool:
    """Whether the 为什么 at `at` is a verb's complement 为 and the object 什么 ("V as what N":
    确定为什么年, 分为什么类型), not "why": jieba joins 为 to the verb (分为), or the word before
    为什么 is a verb and a noun or a measure follows it. "Why" stands before a predicate
    (推进为什么这么慢, 名称为什么又叫)."""
    words = tag_words(text)
    inside = next((w for w in words if w.start < at < w.end), None)
    if inside is not None:  # 为 ends the word before it (分为, 被选为), not a conjunction (因为)
        return not inside.tag.startswith(("c", "p", "d", "r"))
    before = next((w for w in words if w.end == at), None)
    after = next((w for w in words if w.start == at + 3), None)
    verb_before = before is not None and before.tag.startswith("v") and before.tag != "vn"
    return verb_before and after is not None and after.tag.startswith(("n", "m", "q"))


# An opening clause naming whom or what the rest is attributed to (据X介绍，…; X在讲话中说，…;
# 本报评论员文章说，…), ending in a verb of saying (or 据…报道/统计) before a comma or colon.
_ATTRIBUTION = re.compile(rf"^(?:据[^，,：:？?]{{1,40}}?(?:{SAYING_VERBS}|报道|统计|了解)|[^，,：:？?]{{1,40}}?(?:{SAYING_VERBS})道?)[，,：:]")


def attribution(text: str) -> str:
    """The opening clause of a Chinese question that attributes what it asks about to a source
    ("据习近平介绍，", "习近平在讲话里说，"), or "". The sentence stating the fact often prints no
    such frame (the speaker is named a sentence before, the article in its byline), so its words
    are context, like a date; the question word is always after it."""
    match = _ATTRIBUTION.match(text)
    return match.group() if match and not _asks_in(match.group()) else ""


def _asks_in(clause: str) -> bool:
    """Whether a clause holds a question word (谁说，… asks who said)."""
    return any(re.search(pattern, clause) for _kind, pattern in ZH_QUESTION_WORDS)
