"""Follow-up questions ("那塔吉克斯坦呢？", "那他在那里做了什么？", "What about Dushanbe?") become
standalone questions by borrowing from the previous turn: the new entity replaces its
counterpart in the previous question (a time replaces its time: "未来两年呢？"); a pronoun or
deictic word (他, 那里, there) is replaced by what it points back to (the previous answer when
that was the person or place asked for, a person's name without their titles, else the person
or place the previous question names), or dropped, never searched as a word."""

from __future__ import annotations

import re
from typing import Any

from rag.answer.lexicon import (
    COPULAS, EN_PERSON_PRONOUNS, EN_PLACE_DEICTICS, EN_THING_PRONOUNS, ZH_PERSON_PRONOUNS, ZH_PLACE_DEICTICS,
    TITLE_HEADS, ZH_RELATIVE_TIMES, ZH_THING_PRONOUNS, ZH_TIME_DEICTICS, Kind,
)
from rag.answer.value_patterns import DATE_RE
from rag.lang import is_english

_ZH_ABOUT = re.compile(r"^(?:那么?|那|还有|再看看)?(?P<x>[^，,。？?]{1,20}?)(?:呢|怎么样|怎样|如何)[？?。]?$")
# Longest first, so that 那里 is read as a place before 那 could be read as anything else.
_ZH_REFERENCE = re.compile("|".join(sorted(ZH_PERSON_PRONOUNS + ZH_PLACE_DEICTICS + ZH_THING_PRONOUNS + ZH_TIME_DEICTICS, key=len, reverse=True)))
_ZH_LEADING_THEN = re.compile(r"^那么?(?=[他她它这那该此当])")
_EN_ABOUT = re.compile(r"^(?:(?:and\s+)?(?:what|how)\s+about|and)\s+(?P<x>.+?)\s*\??$", re.I)
_EN_PRONOUN = re.compile(r"\b(" + "|".join(EN_PERSON_PRONOUNS + EN_THING_PRONOUNS + EN_PLACE_DEICTICS) + r")\b", re.I)
_TIME = re.compile(rf"(?:{ZH_RELATIVE_TIMES}|{DATE_RE.pattern})(?:以来|以后|之后|之前|以前)?")
_EN_FOLLOWUP_MAX_WORDS = 7
_ZH_FOLLOWUP_MAX_CHARS = 14
_MAX_CHAIN = 4  # follow-ups of follow-ups read back this many questions
# Words of a common noun phrase (jieba tags): nouns, nominal verbs, adjectives, distinguishing
# words, fixed expressions and abbreviations (一般 公共 预算 收入, 固定资产); names and times are
# what a follow-up keeps.
_PHRASE_TAGS = ("n", "vn", "a", "b", "an", "nz", "l", "j")
_MAX_PHRASE_WORDS = 4


def turns_of(history: Any) -> list[dict[str, str]]:
    """History as role/content dicts; accepts Gradio messages or (question, answer) pairs."""
    turns: list[dict[str, str]] = []
    for item in history or []:
        if isinstance(item, dict) and item.get("role") in ("user", "assistant"):
            content = item.get("content")
            if isinstance(content, list):  # Gradio 6 may send content parts
                content = " ".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
            turns.append({"role": item["role"], "content": str(content or "")})
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            turns.append({"role": "user", "content": str(item[0] or "")})
            turns.append({"role": "assistant", "content": str(item[1] or "")})
    return turns


def _previous(turns: list[dict[str, str]]) -> tuple[str, str]:
    question = next((t["content"] for t in reversed(turns) if t["role"] == "user"), "")
    answer = next((t["content"] for t in reversed(turns) if t["role"] == "assistant"), "")
    return question, answer


def answer_subject(answer: str, person: bool = False) -> str:
    """The short answer at the head of a previous answer ("穆赫贝尔[1]" -> 穆赫贝尔); for a
    `person`, the name alone when the head gives their titles too ("聊城市委副书记、市长张百顺"
    -> 张百顺: a Chinese name follows its titles)."""
    from rag.answer.words import tag_words

    first = answer.strip().split("\n", 1)[0]
    head = re.split(r"\s*\[\d", first, maxsplit=1)[0].strip(" 。.")
    if not head or "“" in head:
        return ""
    if person and not is_english(head):
        titles = [w.end for w in tag_words(head) if TITLE_HEADS.search(w.text)]
        if titles and 2 <= len(head) - titles[-1] <= 4:  # a Chinese name has two to four characters
            return head[titles[-1] :]
    return head if len(head) <= 12 else ""


def _swap_zh(previous: str, entity: str) -> str:
    """Put `entity` in place of what it stands in for in the previous question.

    "白俄罗斯总统" replaces the whole phrase "伊朗代理总统" (same head word, 总统); "塔吉克斯坦"
    replaces "哈萨克斯坦" (same tail, 斯坦).
    """
    import jieba
    import jieba.posseg

    time = _TIME.fullmatch(entity) and _TIME.search(previous)
    if time:  # "未来两年呢？" after "2023年关停了多少台？": one time for the other
        return previous[: time.start()] + entity + previous[time.end() :]
    words = [w for w in jieba.cut(previous) if len(w) >= 2 and w != entity]
    heads = [w for w in words if entity.endswith(w)]
    if heads:
        head = max(heads, key=len)
        end = previous.find(head) + len(head)
        start = previous.find(head)
        while start > 0 and previous[start - 1] not in "的，,。、；;：:？?！!“”（）()之在是" and not previous[start - 1].isspace():
            start -= 1
        return previous[:start] + entity + previous[end:]
    for size in (3, 2):
        tail = entity[-size:]
        for word in words:
            if word.endswith(tail) and len(word) > size:
                return previous.replace(word, entity, 1)
    # "森林抚育呢？" after "聊城2023年完成造林多少亩？": the new topic stands for the noun phrase
    # the question word asks about: right before it (造林), or the subject of the predicate before
    # it ("一般公共预算收入" of "…一般公共预算收入增长了多少？"), never a name or a time.
    span = _asked_about(previous)
    return previous[: span[0]] + entity + previous[span[1] :] if span else f"{entity}{previous}"


def _asked_about(previous: str) -> tuple[int, int] | None:
    """Offsets of the common noun phrase a Chinese question asks about: the nouns right before its
    question word, or the subject of the one predicate (a verb with its aspect particle) standing
    there, back to its 的, name or time. 有 and 是 ask about what follows them, not their subject."""
    import jieba.posseg

    from rag.answer.question import question_kind

    _, asked = question_kind(previous, "zh")
    words = list(jieba.posseg.cut(previous[: asked.start()])) if asked else []
    end = asked.start() if asked else 0
    while words and words[-1].flag.startswith("u"):  # 了, 过, 着
        end -= len(words.pop().word)
    predicate = bool(words) and words[-1].flag.startswith("v") and words[-1].flag != "vn" and words[-1].word not in COPULAS | {"有"}
    if predicate:
        end -= len(words.pop().word)
    start, taken = end, 0
    # jieba tags many nouns of a subject as verbs (预算, 收入): after a predicate, any content word is taken.
    while words and taken < _MAX_PHRASE_WORDS and (words[-1].flag in _PHRASE_TAGS or (predicate and words[-1].flag.startswith("v"))):
        start -= len(words.pop().word)
        taken += 1
    return (start, end) if end - start >= 2 else None


def _swap_en(previous: str, entity: str) -> str:
    names = re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*", previous)
    if names:
        target = names[-1]
        return previous[::-1].replace(target[::-1], entity[::-1], 1)[::-1]
    return f"{previous.rstrip('?')} ({entity})?"


def resolve_followup(question: str, history: Any, depth: int = _MAX_CHAIN) -> str:
    """A standalone version of `question` given the conversation so far. The previous question
    is itself read first, since it may have been a follow-up ("规上工业增加值呢？" after
    "固定资产投资呢？" after "聊城的一般公共预算收入增长了多少？"), up to a few turns back."""
    turns = turns_of(history)
    previous, answer = _previous(turns)
    if not previous:
        return question
    if depth > 1:
        last = max(i for i, turn in enumerate(turns) if turn["role"] == "user")
        previous = resolve_followup(previous, turns[:last], depth - 1)
    if is_english(question):
        return _resolve_en(question, previous, answer)
    return _resolve_zh(question, previous, answer)


def _named(previous: str, prefix: str) -> str:
    """The first word of the previous question jieba tags as a person (nr) or place (ns), as
    the question printed it."""
    from rag.answer.words import tag_words

    words = tag_words(previous)
    return next((previous[w.start : w.end] for w in words if w.tag.startswith(prefix) and len(w.text) >= 2), "")


def _asked(question: str, lang: str) -> Kind:
    from rag.answer.question import question_kind

    return question_kind(question, lang)[0]


def _referent(word: str, previous: str, answer: str, asked: Kind) -> str:
    """What a pronoun or deictic word of a follow-up points back to, or "" when unclear.
    `asked` is what the follow-up itself asks for: "When was that?" asks about the previous
    question's event, not about its answer."""
    from rag.answer.question import question_kind

    kind, _ = question_kind(previous, "en" if is_english(previous) else "zh")
    subject = answer_subject(answer)
    lowered = word.lower()
    if word in ZH_PERSON_PRONOUNS or lowered in EN_PERSON_PRONOUNS:
        person = answer_subject(answer, person=True)
        return person if kind == Kind.PERSON and person else _named(previous, "nr")
    if word in ZH_PLACE_DEICTICS or lowered in EN_PLACE_DEICTICS:
        return subject if kind in (Kind.PLACE, Kind.ENTITY) and subject else _named(previous, "ns")
    if word in ZH_TIME_DEICTICS:
        return subject if kind == Kind.TIME else ""
    if asked in (Kind.TIME, Kind.REASON, Kind.MANNER, Kind.PLACE):
        return ""
    return subject if kind not in (Kind.REASON, Kind.MANNER, Kind.YESNO) else ""


def _substitute(references: re.Pattern[str], question: str, previous: str, answer: str, asked: Kind) -> tuple[str, bool]:
    """The question with each reference word replaced by its referent (or dropped), and
    whether any of them could not be resolved."""
    unresolved = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unresolved
        found = _referent(match.group(), previous, answer, asked)
        unresolved = unresolved or not found
        return found

    return references.sub(replace, question), unresolved


def _resolve_zh(question: str, previous: str, answer: str) -> str:
    if len(question) > _ZH_FOLLOWUP_MAX_CHARS:
        return question
    about = _ZH_ABOUT.match(question.strip())
    if about and not _ZH_REFERENCE.fullmatch(about.group("x")):
        return _swap_zh(previous, about.group("x").strip())
    if not _ZH_REFERENCE.search(question):
        return question
    question = _ZH_LEADING_THEN.sub("", question)
    rewritten, unresolved = _substitute(_ZH_REFERENCE, question, previous, answer, _asked(question, "zh"))
    return f"{rewritten}（{previous}）" if unresolved else rewritten


def _resolve_en(question: str, previous: str, answer: str) -> str:
    if len(question.split()) > _EN_FOLLOWUP_MAX_WORDS:
        return question
    about = _EN_ABOUT.match(question.strip())
    if about:
        return _swap_en(previous, about.group("x"))
    if not _EN_PRONOUN.search(question):
        return question
    rewritten, unresolved = _substitute(_EN_PRONOUN, question, previous, answer, _asked(question, "en"))
    rewritten = " ".join(rewritten.split())
    # "When was that?": keep the new question word, borrow the previous question's content.
    return f"{rewritten} {previous}" if unresolved else rewritten
