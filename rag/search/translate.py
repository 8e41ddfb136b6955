"""Offline English -> Chinese query translation from CC-CEDICT (dictionary-based CLIR).

The offline path has no multilingual model, so an English question is matched against
Chinese text through the dictionary: each content word or phrase of the question is
looked up in the reverse index of CC-CEDICT glosses and replaced by its Chinese headwords.
Proper nouns (Liaocheng 聊城, Astana 阿斯塔纳, Eiffel Tower 埃菲尔铁塔) come out exact;
common words get a few candidates, which BM25 treats as alternatives.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Callable

from rag.search.cedict import LINE_RE as _LINE_RE, cedict_lines, is_proper_entry
from rag.search.pinyin import pinyin_names
from rag.search.tokens import ENGLISH_STOPWORDS, stem
from rag.search.transliteration import transliterations


_PAREN_RE = re.compile(r"\([^)]*\)")
_ACRONYM_RE = re.compile(r"\(([A-Z][A-Z0-9]{1,5})\)")
_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
_SKIP_GLOSS = ("variant of", "old variant", "see ", "cl:", "surname ", "abbr. for", "also written", "used in ")
MAX_PHRASE_WORDS = 3
# The particles of English phrasal verbs ("meet with", "take part in", "set up").
_PARTICLES = frozenset("with to for on in up out off at into from about over down by upon back away".split())
MAX_CANDIDATES = 6
TRANSLATION_POOL = 24  # dictionary translations looked at for a word when the collection decides
# Question words that carry meaning for the answer type but not for retrieval.
_QUESTION_NOISE = frozenset(
    "tell please name list give describe explain according article articles say said "
    # Determiners and quantifiers point at things without naming any ("each ring").
    "each every all some any both either neither other another such same".split()
)



def _gloss_keys(gloss: str, proper: bool = False) -> list[tuple[tuple[str, ...], bool]]:
    """(stemmed word tuple, is_exact) keys under which a gloss is indexed. A proper noun's
    (CC-CEDICT writes its pinyin capitalised) gloss names it first and then says what it is
    ("Astana, capital of Kazakhstan", "Coolpad Group Ltd, Chinese company", "Nanle county in
    Puyang, Henan"): only the name is a key, the description translates another word."""
    original = gloss.strip()
    lowered = original.lower()
    if not lowered or lowered.startswith(_SKIP_GLOSS):
        return []
    cleaned = _PAREN_RE.sub(" ", lowered)
    keys: list[tuple[tuple[str, ...], bool]] = []
    parts = re.split(r"[;,]", cleaned)
    for part in parts[:1] if proper else parts:
        part = re.sub(r"^(to|a|an|the) ", "", part.strip())
        raw = tuple(_WORD_RE.findall(part))
        words = tuple(stem(w) for w in raw)
        if 0 < len(words) <= MAX_PHRASE_WORDS:
            keys.append((words, True))
            if raw != words:
                keys.append((raw, True))
        if len(words) == 2 and raw[1] in _PARTICLES:
            # "to meet with" (会见): a question says "meet" and leaves the particle out.
            keys.append(((words[0],), True))
        elif len(words) == 2:
            # "fighter aircraft", "naval escort": either word alone is a weaker key.
            keys.append(((words[0],), False))
            keys.append(((words[-1],), False))
    # "gross domestic product (GDP)": the acronym in brackets names the entry too.
    keys += [((acronym.lower(),), True) for acronym in _ACRONYM_RE.findall(original)]
    # "Liaocheng prefecture-level city in Shandong": a proper noun heads the gloss. A common
    # word's gloss may begin with a capitalised adjective ("Chinese toon", "English muffin").
    first = original.split(" ", 1)[0]
    if proper and first[:1].isupper() and first.isalpha() and len(first) > 2:
        keys.append(((stem(first.lower()),), True))
    return keys


class _ReverseDictionary:
    """English gloss words -> Chinese headwords, built once from the CC-CEDICT file."""

    def __init__(self, lines: list[str]) -> None:
        index: dict[tuple[str, ...], dict[str, float]] = {}
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE_RE.match(line)
            if not match:
                continue
            simplified = match.group(2)
            proper = is_proper_entry(line)
            for position, gloss in enumerate(match.group(3).split("/")):
                for key, exact in _gloss_keys(gloss, proper):
                    rank = (2.0 if position == 0 else 1.5) if exact else 0.5
                    slot = index.setdefault(key, {})
                    slot[simplified] = max(slot.get(simplified, 0.0), rank)
        self.index = index

    def lookup(self, key: tuple[str, ...], limit: int = MAX_CANDIDATES) -> list[str]:
        found = self.index.get(key, {})
        # Prefer primary senses, then shorter (more basic) words.
        ordered = sorted(found.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
        return [word for word, _ in ordered[:limit]]

    def strength(self, key: tuple[str, ...]) -> float:
        """How well the dictionary knows a key: the rank of its best gloss (0 when unknown)."""
        return max(self.index.get(key, {}).values(), default=0.0)


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _dictionary() -> _ReverseDictionary | None:
    with _LOCK:
        lines = cedict_lines()
        return _ReverseDictionary(lines) if lines is not None else None


# Past tenses and participles of common irregular English verbs, by their base form: the
# dictionary glosses verbs in the base form ("to win"), and a suffix stemmer cannot undo
# these ("won" would otherwise be read as the Korean currency, "held" not found at all).
# Forms that are also common words of their own (found "to establish", left, saw, rose, shot)
# are left out: they are looked up as written; so are stopwords (was, did, had), never looked up.
_IRREGULAR = {
    "arise": "arose arisen", "become": "became", "begin": "began begun", "blow": "blew blown",
    "break": "broke broken", "bring": "brought", "build": "built", "buy": "bought", "catch": "caught",
    "choose": "chose chosen", "come": "came", "dig": "dug", "do": "done", "draw": "drew drawn",
    "drive": "drove driven", "eat": "ate eaten", "fall": "fell fallen", "feed": "fed", "feel": "felt",
    "fight": "fought", "flee": "fled", "fly": "flew flown", "forget": "forgot forgotten",
    "freeze": "froze frozen", "get": "got gotten", "give": "gave given", "go": "went gone",
    "grow": "grew grown", "hang": "hung", "hear": "heard", "hide": "hid hidden", "hold": "held",
    "keep": "kept", "know": "knew known", "lay": "laid", "lead": "led", "lend": "lent",
    "lose": "lost", "make": "made", "mean": "meant", "meet": "met", "oversee": "oversaw overseen",
    "pay": "paid", "ride": "rode ridden", "rise": "risen", "run": "ran", "say": "said", "see": "seen",
    "seek": "sought", "sell": "sold", "send": "sent", "shake": "shook shaken", "sing": "sang sung",
    "sink": "sank sunk", "sit": "sat", "speak": "spoke spoken", "spend": "spent", "stand": "stood",
    "steal": "stole stolen", "strike": "struck", "sweep": "swept", "swim": "swam swum",
    "take": "took taken", "teach": "taught", "tear": "tore torn", "tell": "told", "think": "thought",
    "throw": "threw thrown", "understand": "understood", "undertake": "undertook undertaken",
    "wake": "woke woken", "wear": "wore worn", "win": "won", "withdraw": "withdrew withdrawn",
    "write": "wrote written",
}
_BASE_FORM = {form: base for base, forms in _IRREGULAR.items() for form in forms.split()}


# British spellings and their American forms, which CC-CEDICT glosses in: organise(r) ->
# organize(r), colour -> color, centre -> center, defence -> defense, programme -> program.
_AMERICAN = ((r"is(e|es|ed|ing|er|ers|ation|ations)$", r"iz\1"), (r"([aeiou][^aeiou]+)our(s|ed|ing)?$", r"\1or\2"),
             (r"([aeiou][^aeiou]*)tre(s)?$", r"\1ter\2"), (r"([fc])ence(s)?$", r"\1ense\2"), (r"amme(s)?$", r"am\1"))


def _variants(word: str) -> list[str]:
    """Forms to try in the dictionary: an irregular verb's base form ("won" -> win) first, then
    as written, stemmed, stemmed + e ("arrived" -> arrive), then a British spelling's American
    form (the first of equally known forms wins: "hour" stays "hour")."""
    stemmed = stem(word)
    american = word
    for pattern, replacement in _AMERICAN:
        american = re.sub(pattern, replacement, american)
    return list(dict.fromkeys(([_BASE_FORM[word]] if word in _BASE_FORM else []) + [word, stemmed, stemmed + "e", american, stem(american)]))

_HOW_MANY_TIMES = re.compile(r"\bhow many times\b", re.I)


def translate_terms(question: str, limit: int = MAX_CANDIDATES, seen: Callable[[str], bool] | None = None) -> list[tuple[str, list[str]]]:
    """(English phrase, up to `limit` Chinese candidates) for each content phrase of an English
    question.

    Longest phrases first ("eiffel tower" before "tower"); words the dictionary doesn't know
    are kept as they are (names in Latin script, codes), numbers too. With `seen` (whether the
    collection contains a character bigram), names spelled in pinyin are read back into the
    collection's characters first (rag.search.pinyin: "Zhang Baishun" -> 张百顺).
    """
    dictionary = _dictionary()
    names = pinyin_names(question, seen, is_dictionary_word) if seen is not None else []
    # "times" of "how many times" counts occurrences, as the measure word 次 does: the question
    # phrase, not a content word (its glosses are 时代, 泰晤士).
    rest = _HOW_MANY_TIMES.sub(" ", question)
    for name, _ in names:
        for word in name.split():
            rest = re.sub(rf"\b{re.escape(word)}\b", " ", rest, count=1)
    words = [w for w in _WORD_RE.findall(rest.lower()) if len(w) > 1 and w not in ENGLISH_STOPWORDS and w not in _QUESTION_NOISE]
    out: list[tuple[str, list[str]]] = [(n, [n]) for n in re.findall(r"\d+(?:\.\d+)?", question)]
    # Chinese written into an English question ("the organiser (主办) of 《出彩聊城人》") is
    # looked for as written.
    out += [(run, [run]) for run in re.findall(r"[\u3400-\u9fff]+", question)]
    out += [(name.lower(), forms) for name, forms in names]
    i = 0
    while i < len(words):
        for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            found: list[str] = []
            if dictionary:
                head = words[i : i + size - 1]
                # Glosses are indexed stemmed and as written: try both forms of each variant, and
                # take the best-known key ("presided" is "to preside", not a piece of "presiding judge").
                keys = [k for last in _variants(words[i + size - 1]) for k in (tuple(stem(w) for w in head) + (stem(last),), (*head, last))]
                best = max(keys, key=dictionary.strength)  # the first of equals
                found = dictionary.lookup(best, limit) if dictionary.strength(best) > 0 else []
            if found:
                out.append((" ".join(words[i : i + size]), found))
                i += size
                break
        else:
            # A name the dictionary lacks may be printed in a Chinese transliteration (Tokayev).
            written = re.search(rf"\b{re.escape(words[i])}\b", question, re.IGNORECASE)
            foreign = transliterations(words[i], seen) if seen is not None and written and written.group()[0].isupper() else []
            out.append((words[i], foreign + [words[i]]))
            i += 1
    return out


def is_dictionary_word(word: str) -> bool:
    """Whether CC-CEDICT's English glosses use this word (an everyday word such as
    "construction", not a name such as "Lindqvist")."""
    dictionary = _dictionary()
    lowered = word.lower()
    return bool(dictionary) and bool(dictionary.lookup((stem(lowered),), 1) or dictionary.lookup((lowered,), 1))


def used_translations(forms: list[str] | tuple[str, ...], seen: Callable[[str], bool], limit: int = MAX_CANDIDATES) -> list[str]:
    """The translations the articles use (every character bigram of theirs is in the collection:
    "summit" is 峰会 in a news collection rather than 山巅), up to `limit`; words rather than lone
    characters (上, 念 match nearly any sentence) when there are any; the first ones when the
    articles use none."""

    def used(form: str) -> bool:
        grams = [form[i : i + 2] for i in range(len(form) - 1)] if len(form) > 1 and not form.isascii() else [form.lower()]
        return all(seen(gram) for gram in grams)

    found = [form for form in forms if used(form)]
    if any(len(form) > 1 for form in found):
        found = [form for form in found if len(form) > 1]
    return list(found[:limit] or forms[:limit])


def translate_query(question: str, seen: Callable[[str], bool] | None = None) -> list[str]:
    """Chinese words (and kept Latin tokens and numbers) standing for an English question; with
    `seen`, the translations the collection uses, from a larger pool of the dictionary's."""
    if seen is None:
        return [candidate for _, candidates in translate_terms(question) for candidate in candidates]
    pairs = translate_terms(question, TRANSLATION_POOL, seen)
    return [candidate for _, candidates in pairs for candidate in used_translations(candidates, seen)]

