"""How closely a sentence repeats the question's wording, judged against the other sentences
retrieved with it.

Character bigrams and characters of the question are weighted by how rare they are in that
pool of sentences, not in the whole collection: a word that every retrieved sentence shares
(the article's topic, its title) tells nothing about which of them answers, while a word only
one of them prints does. On the same weights, a sentence-level BM25. Whether the question's
words occur in the passage's title says which article the question is about. Matching
characters rather than words keeps these measures independent of how a segmenter cut an
unknown name. And the longest stretch of the question that a sentence prints word for word.
Whether a name the question prints (马飚, 《捉鬼男》) stands in none of the retrieved sentences
and titles: the question is then most likely about something the collection does not hold,
however much of its other wording a sentence repeats ("于海…入选国家队" against 张永海).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rag.answer.matching import cjk_bigrams
from rag.answer.named import question_names
from rag.answer.question import Question
from rag.lang import fold, is_cjk, is_latin_text

POOL_FEATURES = ("pool_bigrams", "pool_chars", "pool_bm25", "title_share", "pool_absent", "name_absent")
_K1, _B = 1.2, 0.75  # the usual BM25 constants


def question_characters(question: Question, folded_sentence: str) -> set[str]:
    """The characters of the question's words, for a candidate answer's share of them: a Chinese
    question's own; for an English question, also those of its words' translations that the
    (folded) sentence prints (聊城, 能源 of "Liaocheng's energy"): its letters match no Chinese."""
    chars = set(fold(question.text))
    if question.lang == "en":
        chars |= {ch for form in question.word_forms if is_cjk(form[0]) and form in folded_sentence for ch in form}
    return chars


def question_wording(question: Question) -> str:
    """The question's own words: a Chinese question without its question word; for an English
    question, its terms' forms (their translations, and the words as written if articles use them)."""
    if question.lang == "en":
        return "，".join(form for term in question.terms for form in term.wording)
    return f"{question.before}，{question.after}" if question.wh else question.text


def _chars(text: str) -> set[str]:
    return {ch for ch in fold(text) if ch.isalnum()}


@dataclass
class Pool:
    """The question's bigrams and characters, each weighted by how rare it is among the pooled
    sentences (an IDF over them), and the pool's size and mean sentence length."""

    bigram_weights: dict[str, float]
    char_weights: dict[str, float]
    absent: float  # share of the question's bigrams no pooled sentence holds
    mean_length: float
    name_absent: float = 0.0  # 1 when a name the question prints is in no pooled sentence or title


def make_pool(question: Question, sentences: list[str], titles: Sequence[str] = ()) -> Pool:
    """Count, over the pool of sentences, in how many each of the question's bigrams and
    characters occurs; and whether a name the question prints is in none of them and none
    of their `titles`."""
    wording = question_wording(question)
    bigrams, chars = cjk_bigrams(wording), _chars(wording)
    bigram_df: Counter[str] = Counter()
    char_df: Counter[str] = Counter()
    for sentence in sentences:
        bigram_df.update(bigrams & cjk_bigrams(sentence))
        char_df.update(chars & _chars(sentence))
    mean = sum(len(s) for s in sentences) / len(sentences) if sentences else 1.0

    def idf(df: int) -> float:
        return math.log((len(sentences) + 1) / (df + 0.5))

    absent = sum(1 for g in bigrams if bigram_df[g] == 0) / len(bigrams) if bigrams else 0.0
    printed = fold("\n".join([*sentences, *titles]))
    names = [fold(n) for n in question_names(question.text) if len(n) >= 2 and all(is_cjk(ch) for ch in n)] if question.lang == "zh" else []
    name_absent = float(any(name not in printed for name in names))
    return Pool({g: idf(bigram_df[g]) for g in bigrams}, {c: idf(char_df[c]) for c in chars}, absent, mean or 1.0, name_absent)


def pool_scores(pool: Pool, sentence: str, title: str) -> list[float]:
    """POOL_FEATURES of one sentence: the pool-weighted share of the question's bigrams and
    characters it holds, its BM25 over those bigrams, the share of its title's bigrams the
    question names, the share of the question's bigrams no pooled sentence holds, and whether
    a name the question prints is in none."""
    grams = cjk_bigrams(sentence)
    chars = _chars(sentence)
    weights, char_weights = pool.bigram_weights, pool.char_weights
    bigram_share = sum(w for g, w in weights.items() if g in grams) / (sum(weights.values()) or 1.0)
    char_share = sum(w for c, w in char_weights.items() if c in chars) / (sum(char_weights.values()) or 1.0)
    folded = fold(sentence)
    norm = _K1 * (1 - _B + _B * len(sentence) / pool.mean_length)
    bm25 = 0.0
    for gram, weight in weights.items():
        tf = folded.count(gram)
        if tf:
            bm25 += weight * tf * (_K1 + 1) / (tf + norm)
    title_grams = cjk_bigrams(title)
    title_share = len(weights.keys() & title_grams) / len(title_grams) if title_grams else 0.0
    return [bigram_share, char_share, bm25, title_share, pool.absent, pool.name_absent]


def longest_common(question: Question, sentence: str) -> float:
    """The longest stretch of the question (question word removed) printed in the sentence,
    as a share of the question's length: questions often copy their sentence around a gap."""
    asked = fold(question.before + question.after if question.wh else question.text)
    asked = "".join(ch for ch in asked if ch.isalnum())
    if not asked:
        return 0.0
    text = fold(sentence)
    if is_latin_text(sentence):  # English words are spaced: compare letters and digits only, as the question
        text = "".join(ch for ch in text if ch.isalnum())
    match = SequenceMatcher(None, asked, text, autojunk=False).find_longest_match(0, len(asked), 0, len(text))
    return match.size / len(asked)
