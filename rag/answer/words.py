"""jieba's words of a sentence with part-of-speech tags and offsets, names corrected.

jieba knows few foreign names. It tags many foreign places as transliterated person names
(阿斯塔纳 nrt), some common words as names (公正 nr), and cuts unknown transliterated names into
pieces (拉赫/蒙, 托/卡耶夫, 米尔/济/约耶夫). The words here are jieba's with those corrected,
so a candidate answer never ends inside a name (rag/answer/spans.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba
import jieba.posseg

from rag.answer.lexicon import BILATERAL, ORG_HEADS, SURNAMES, TITLE_HEADS, TRANSLITERATION_CHARS
from rag.lang import is_cjk, to_simplified
from rag.search.cedict import is_common_word, proper_noun_kind

jieba.setLogLevel(logging.WARNING)

# Transliterated names ending in -stan (Persian "land of") are countries and regions, which
# jieba tags as transliterated person names (哈萨克斯坦 nrt); a name headed by a building
# (宫 palace, 馆 hall, 寺 temple, 站 station…) is a place, not a person (独立宫).
_PLACE_SUFFIX = re.compile(r"..斯坦$|.[宫殿馆厅楼堂寺庙塔桥站港]$")
# Administrative divisions a foreign place name is printed with: province, state, city, county,
# district, prefecture, town, village, and the states of a federation (邦).
_DIVISIONS = "省州市县区郡镇村邦"
# A numeral before a noun counts things (两国 "the two countries"): no name.
_COUNTED = re.compile(r"^[一二两三四五六七八九十几数多各][国省市县地方岸]$")


@dataclass(frozen=True)
class Word:
    """One of jieba's words: its text (simplified script), offset and part-of-speech tag."""

    text: str
    start: int
    tag: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _name_tag(word: str, flag: str) -> str:
    """jieba's tag of a word, corrected for names by CC-CEDICT: jieba tags many foreign
    places as transliterated person names (阿斯塔纳 nrt, "Astana, capital of Kazakhstan")
    and some common words as names (公正 nr, "just; fair")."""
    if not flag.startswith(("nr", "ns")):
        return flag
    if _COUNTED.match(word):
        return "m"
    if BILATERAL.fullmatch(word):
        return "j"  # jieba's tag for abbreviations: 中塔 "China–Tajikistan" is no place
    kind = proper_noun_kind(word)
    if kind is not None:
        return "ns" if kind == "place" else "nr"
    if flag.startswith("nr") and _PLACE_SUFFIX.search(word):
        return "ns"
    return "n" if flag == "nr" and is_common_word(word) else flag


def _is_name(word: Word) -> bool:
    return word.tag.startswith("nr") and is_cjk(word.text[0]) and is_cjk(word.text[-1])


def _name_letter(word: Word) -> bool:
    """A lone character jieba left beside a piece of a name that is a letter of
    transliteration (蒙 of 拉赫蒙): it belongs to the name."""
    return len(word.text) == 1 and word.text in TRANSLITERATION_CHARS and not word.tag.startswith("nr")


def _transliterated(word: Word) -> bool:
    """A short word made only of letters of transliteration that jieba took for a place (巴兹 of
    夏巴兹): after a lone character tagged as a name, it is the rest of that name."""
    return 2 <= len(word.text) <= 4 and word.tag.startswith(("ns", "nz", "nr")) and all(ch in TRANSLITERATION_CHARS for ch in word.text)


def _lends_letter(word: Word) -> bool:
    """A two-character word no dictionary knows that is a preposition or conjunction and a
    letter of transliteration, which jieba glued together before a name (同托 of 同托卡耶夫
    "with Tokayev", 和托 of 和托卡耶夫 "and Tokayev"): the letter belongs to the name."""
    text = word.text
    return (
        len(text) == 2 and text[1] in TRANSLITERATION_CHARS and _single_tag(text[0]) in ("p", "c")
        and not is_common_word(text) and proper_noun_kind(text) is None
    )


def _division_end(previous: Word, word: Word) -> bool:
    """A transliterated name's last letter glued to the administrative division it names (帕克蒂|亚省
    of 帕克蒂亚省 "Paktia Province", ...|亚州): jieba cut the name before its last letter. The
    division's word is no word of any dictionary, and the name before it only letters."""
    text = word.text
    return (
        len(text) == 2 and text[0] in TRANSLITERATION_CHARS and text[1] in _DIVISIONS and _is_name(previous)
        and all(ch in TRANSLITERATION_CHARS for ch in previous.text) and proper_noun_kind(text) is None and not is_common_word(text)
    )


def dictionary_tag(word: str) -> str:
    """jieba's dictionary tag of a whole word (主持 "v", 北京大学 "nt"); "" for a word it lacks."""
    return jieba.posseg.dt.word_tag_tab.get(word, "")


@lru_cache(maxsize=1_000)
def _single_tag(char: str) -> str:
    """jieba's tag of one character standing alone."""
    return next((pair.flag for pair in jieba.posseg.cut(char)), "x")


@lru_cache(maxsize=20_000)
def tag_words(sentence: str) -> tuple[Word, ...]:
    """jieba's words with part-of-speech tags and offsets (memoised: sentences repeat), read in
    simplified script character for character, so a traditional sentence gets jieba's
    dictionary and the lexicon (輛 is 辆) and offsets hold in the original; a word's text is
    in simplified script. Pieces of a personal name that jieba cut apart are one word again:
    two pieces tagged as names (穆赫/贝尔: two people's names are never printed without a mark
    between them), a piece with a lone letter of transliteration beside it (拉赫/蒙), a piece
    whose first letter jieba glued to the word before (同托/卡耶夫), and a common surname after a
    job title with the word after it (市长|张|百顺)."""
    words: list[Word] = []
    pos = 0
    for pair in jieba.posseg.cut(to_simplified(sentence)):
        word = Word(pair.word, pos, _name_tag(pair.word, pair.flag))
        previous = words[-1] if words else None
        if previous and _is_name(word) and _lends_letter(previous):
            head = previous.text[0]
            words[-1] = Word(head, previous.start, _single_tag(head))
            word = Word(previous.text[1] + word.text, pos - 1, word.tag)
            previous = None  # the name is whole
        if previous and _is_name(word) and (_is_name(previous) or _name_letter(previous)):
            words[-1] = Word(previous.text + word.text, previous.start, word.tag)
        elif previous and _is_name(previous) and len(previous.text) == 1 and _transliterated(word):
            words[-1] = Word(previous.text + word.text, previous.start, previous.tag)  # 夏/巴兹
        elif previous and _division_end(previous, word):
            words[-1] = Word(previous.text + word.text, previous.start, "ns")  # 帕克蒂/亚省
        elif previous and _is_name(previous) and _name_letter(word):
            words[-1] = Word(previous.text + word.text, previous.start, previous.tag)
        else:
            words.append(word)
        pos += len(pair.word)
    return _names_after_titles(words)


def _names_after_titles(words: list[Word]) -> tuple[Word, ...]:
    """A common surname jieba read as another word, right after a job title and followed by a
    one- or two-character word, is a person's name with that word (市长|张|百顺: 张 is no
    measure word there)."""
    out: list[Word] = []
    i = 0
    while i < len(words):
        word = words[i]
        given = words[i + 1] if i + 1 < len(words) else None
        if (
            out and given is not None and word.text in SURNAMES and not word.tag.startswith("nr")
            and TITLE_HEADS.search(out[-1].text) and 1 <= len(given.text) <= 2 and all(is_cjk(ch) for ch in given.text)
            and given.tag.startswith(("nr", "nz", "ns", "n", "a"))
        ):
            out.append(Word(word.text + given.text, word.start, "nr"))
            i += 2
            continue
        out.append(word)
        i += 1
    return tuple(out)


def heads_an_institution(words: tuple[Word, ...] | list[Word]) -> list[bool]:
    """For each word, whether it is an institution's head word after a noun, which ends a name
    whatever jieba's tag: 组织 is also "to organise" (v), but 合作组织 is "cooperation
    organisation" (上海合作组织), while in 上海组织了活动 the city organised something. So it
    does inside a longer name (上海合作组织|政党论坛)."""
    return [k > 0 and len(w.text) > 1 and ORG_HEADS.fullmatch(w.text) is not None and words[k - 1].tag in ("n", "vn") for k, w in enumerate(words)]
