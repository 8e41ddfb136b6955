"""Foreign names written in Latin letters (Tokayev, Rahmon, Arnur), found in their Chinese
transliterations (托卡耶夫, 拉赫蒙, 阿尔努尔).

Chinese writes a foreign name with characters chosen for their sound (the Xinhua News
Agency's tables): each stands for a syllable or, ending a syllable, for a lone consonant (夫 -v,
克 -k, 尔 -r, 斯 -s). CC-CEDICT knows few such names, and they don't follow pinyin spelling
(rag.search.pinyin). Here both spellings are reduced to a rough sound key: vowels are one
sound (transliteration varies them: 蒙 for "mon"), and so are consonants Chinese does not tell
apart (l and r, f, v and w). A Latin name is read as a string of the characters' sounds and
kept only where the collection prints those characters side by side (its bigrams).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from rag.search.pinyin import readings

# The characters of the Xinhua transliteration tables (names of people and places abroad).
XINHUA_CHARS = frozenset(
    "阿埃艾爱安昂奥巴拜班邦贝本比彼毕别波伯博布查达戴丹道德邓迪蒂丁东杜多厄恩尔法凡菲费芬丰"
    "佛夫福弗伽盖甘冈戈格根贡古哈海汉豪赫亨洪胡华霍基吉加贾杰捷金卡凯坎康考柯科克肯库奎拉"
    "莱赖兰朗劳勒雷里丽利莉列林琳卢鲁伦罗洛马迈曼毛梅门蒙米明莫姆穆纳娜奈南内尼涅宁纽努诺"
    "欧帕潘佩皮普奇齐恰乔切钦萨塞赛桑瑟森沙莎山申舍什施斯松苏索塔泰坦汤唐特提廷托瓦万威韦维"
    "温沃乌武西希夏谢辛休雅亚扬耶叶伊因尤于约泽扎詹兹济茨"
)
MIN_LETTERS = 4  # a shorter word has too many readings to be read back
MAX_LETTERS = 20
MAX_PARTIAL = 300
MAX_FORMS = 3
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w")
# Pinyin initials as Latin spelling writes the same sounds (x is s or sh; j also z or g:
# 米尔济约耶夫 Mirziyoyev, 吉尔吉斯 Kyrgyz; q ch or k), before the common reduction below.
_INITIAL_SPELLINGS = {"x": ("s", "sh"), "j": ("j", "z", "g"), "q": ("ch", "k"), "zh": ("j", "zh"), "c": ("ts",), "y": ("y", ""), "w": ("w", "")}
# Syllables that write a lone consonant at the end of a syllable: 布 b, 普 p, 姆 m, 夫 f (-u);
# 德 d, 特 t, 格 g, 克 k, 赫 h, 勒 l (-e); 斯 s, 兹 z, 茨 ts, 什 sh (-i); 尔 writes r.
_CONSONANT_ONLY = {"u": {"b", "p", "m", "f"}, "e": {"d", "t", "g", "k", "h", "l"}, "i": {"s", "z", "c", "sh", "zh", "ch", "r"}}


def sound_key(latin: str) -> str:
    """A spelling reduced to its rough sound: letters lowercased, doubled letters once, every
    vowel one sound ("a"), and l/r, f/v/w, k/c/q, s/x, kh/h, ph/f merged."""
    key = latin.lower()
    for spelled, sound in (("kh", "h"), ("ph", "f"), ("ck", "k"), ("dzh", "j"), ("zh", "j"), ("ts", "z")):
        key = key.replace(spelled, sound)
    key = re.sub(r"y(?=[aeiou])", "Y", key)  # a y before a vowel is a consonant (Yerlan)
    key = re.sub(r"[aeiouy]+", "a", key).replace("Y", "y")
    key = key.translate(str.maketrans("rvwcqx", "lffkks"))
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", key))


def _split(syllable: str) -> tuple[str, str]:
    initial = next((i for i in _INITIALS if syllable.startswith(i) and len(syllable) > len(i)), "")
    return initial, syllable[len(initial):]


def _sounds_of(syllable: str) -> set[str]:
    initial, rime = _split(syllable)
    rime = rime.replace("ng", "n")
    keys = set()
    for spelled in _INITIAL_SPELLINGS.get(initial, (initial,)):
        keys.add(sound_key(spelled + rime))
        if spelled and initial in _CONSONANT_ONLY.get(rime, ()):
            keys.add(sound_key(spelled))
    if syllable == "er":
        keys.add("l")
    return {k for k in keys if k}


@lru_cache(maxsize=1)
def _sound_table() -> dict[str, tuple[str, ...]]:
    """Each sound key -> the transliteration characters that write it."""
    table: dict[str, set[str]] = {}
    for syllable, chars in readings().items():
        for char in chars & XINHUA_CHARS:
            for key in _sounds_of(syllable):
                table.setdefault(key, set()).add(char)
    return {key: tuple(sorted(chars)) for key, chars in table.items()}


def transliterations(word: str, seen: Callable[[str], bool]) -> list[str]:
    """Chinese transliterations of a Latin name that the collection prints (each pair of
    neighbouring characters is one of its bigrams), the longest first; [] for none."""
    key = sound_key(word)
    if not MIN_LETTERS <= len(word) <= MAX_LETTERS or len(key) < 3:
        return []
    table = _sound_table()
    longest = max(map(len, table))
    partial: dict[int, list[str]] = {0: [""]}
    found: list[str] = []
    for at in range(len(key)):
        for text in partial.pop(at, []):
            for size in range(1, min(longest, len(key) - at) + 1):
                for char in table.get(key[at : at + size], ()):
                    if text and not seen(text[-1] + char):
                        continue
                    if at + size == len(key):
                        if len(found) < MAX_PARTIAL:
                            found.append(text + char)
                        continue
                    reached = partial.setdefault(at + size, [])
                    if len(reached) < MAX_PARTIAL:
                        reached.append(text + char)
    # The longest first: a name read whole (阿尔努尔), not a piece of it that also fits (尔努尔).
    return sorted({f for f in found if len(f) >= 2}, key=lambda f: (-len(f), f))[:MAX_FORMS]
