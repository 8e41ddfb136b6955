"""The words of a Chinese question that name someone or something.

A question about an article left out of the collection names its subject, and the
collection never prints that name: however well a sentence matches the question's other
words ("中学就读于"), it is about something else (rag.answer.question, `unseen_name`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba
import jieba.posseg

from rag.answer.recut import is_word_shaped
from rag.lang import is_cjk

# 书名号 mark the title of a work (a book, film, song, law): the title is a name.
_TITLE = re.compile(r"《([^《》]+)》")


@lru_cache(maxsize=256)  # read twice per question: for `unseen_name` and for the pool's absent names
def question_names(text: str) -> tuple[str, ...]:
    """The names a question prints: the words jieba tags as a person's, place's or body's name
    (a lone character tagged a person's name is a surname whose given name jieba cut off:
    魏/玩), the Chinese words jieba's dictionary does not hold (its hidden Markov model finds
    them; a word missing from a segmenter's dictionary is most often a name: 符泳, 马飚), and
    titles in 《》."""
    names = []
    for word in jieba.posseg.cut(text):
        tagged = word.flag.startswith("nr") or (word.flag.startswith(("ns", "nt", "nz")) and len(word.word) > 1)
        if tagged or _unknown_word(word.word):
            names.append(word.word)
    return tuple(names + _TITLE.findall(text))


def _unknown_word(word: str) -> bool:
    """A Chinese word of two or more characters that jieba's dictionary lacks, and that does not
    begin or end with a function word (方是 of "经营方是谁" is a mis-cut, not a name)."""
    return len(word) > 1 and all(is_cjk(ch) for ch in word) and jieba.get_FREQ(word) is None and is_word_shaped(word)
