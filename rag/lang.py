"""Language helpers shared by every stage: CJK ranges, normalisation, sentence ends,
and which language a question is written in. The one place these are defined."""

from __future__ import annotations

import functools
import re
import unicodedata

# Ideographs (URO + extension A + compatibility) count as CJK "letters".
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RANGES = CJK_RANGES
CJK_RE = re.compile(f"[{CJK_RANGES}]")
# One ideograph, for patterns that match Chinese words ("[\u4e00-\u9fff]{2,6}").
HAN = f"[{CJK_RANGES}]"
# Full-width and CJK punctuation/symbols that sit between ideographs without spaces.
_WIDE_PUNCT = "\u3000-\u303f\uff01-\uff60\uffe0-\uffee“”‘’—…·■●□◆"

# Sentence terminators, optionally followed by closing quotes/brackets.
SENTENCE_END_RE = re.compile(r"(?:[。！？!?]|……|…)+[”’」』）)\"']*")
TERMINAL_CHARS = set("。！？!?…")
_CLOSERS = set("”’」』）)\"'")

# A space is OCR noise when both neighbours are "tight" characters: ideographs, wide
# punctuation or digits next to an ideograph. Latin words keep their spaces.
_SPACE_BETWEEN = re.compile(
    f"(?<=[{_CJK_RANGES}{_WIDE_PUNCT}])[ \t\u00a0\u3000]+(?=[{_CJK_RANGES}{_WIDE_PUNCT}0-9])"
    f"|(?<=[0-9])[ \t\u00a0\u3000]+(?=[{_CJK_RANGES}{_WIDE_PUNCT}])"
    # Half-width punctuation used in Chinese text ("增长, 发展"): the space is a column break.
    f"|(?<=[,;:!?])[ \t\u00a0\u3000]+(?=[{_CJK_RANGES}])"
)


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph."""
    return bool(CJK_RE.match(ch))


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width letters and digits become ASCII, compatibility forms fold."""
    return unicodedata.normalize("NFKC", text)


# Blocks whose ideographs OpenCC may map: URO, extension A, compatibility, extension B.
_HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))


@functools.cache
def _t2s_table() -> dict[int, int]:
    """Traditional → simplified, one character to one character, from OpenCC.

    Each ideograph is converted on its own line, so OpenCC's phrase tables (which may change
    the length: 甚麼 → 什么) never apply and offsets stay valid. "t2s" decides; "hk2s" adds
    Hong Kong variant forms t2s leaves alone (衞, 敍). Not "tw2s": it maps the simplified 么
    to 幺. Built once, in about 20 ms."""
    try:
        import opencc
    except ImportError as exc:  # a declared dependency; say what to install
        raise ImportError("folding traditional Chinese needs OpenCC: pip install opencc") from exc
    chars = [chr(c) for low, high in _HAN_BLOCKS for c in range(low, high + 1)]
    table: dict[int, int] = {}
    for config in ("t2s", "hk2s"):
        converter = opencc.OpenCC(config)
        converted = converter.convert("\n".join(chars)).split("\n")
        if len(converted) != len(chars):  # a line break was touched: convert one by one instead
            converted = [converter.convert(ch) for ch in chars]
        for a, b in zip(chars, converted):
            if len(b) == 1 and a != b:
                table.setdefault(ord(a), ord(b))
    return table


def to_simplified(text: str) -> str:
    """Traditional ideographs replaced by their simplified form, character for character.

    Same length as `text`, so offsets found in the result hold in the original (quotes are
    always cut from the original script). Simplified text comes back unchanged except for the
    few characters OpenCC maps on their own (乾 → 干); both sides of a comparison are folded,
    so that does not matter for matching."""
    return text if text.isascii() else text.translate(_t2s_table())


def fold(text: str) -> str:
    """Comparison form: NFKC, simplified script and lower-case (offsets may shift under NFKC;
    never use for quoting)."""
    return _fold_cached(text) if len(text) <= _CACHED_FOLD_CHARS else _fold(text)


# Answering folds the same question words and sentences many times over; remembering short
# texts' folds saves that work, and leaving long ones out bounds the memory it holds.
_CACHED_FOLD_CHARS = 400


def _fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


_fold_cached = functools.lru_cache(maxsize=8192)(_fold)


def alnum_fold(text: str) -> str:
    """Comparison form with only letters and digits kept (punctuation and spaces dropped)."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_QUOTED = re.compile(r"《[^》]*》|「[^」]*」|“[^”]*”")
CJK_CHARS_PER_WORD = 1.6  # the average length of a Chinese word in characters


# The words that make a sentence a question (疑问词 and the yes/no particles; English
# interrogatives and the auxiliaries that open a question): a question's grammar, and so its
# language, is that of these words, whatever language the names in it are written in.
_ZH_INTERROGATIVE = re.compile(r"什么|谁|哪|几|多少|多久|多长|多大|吗|呢|怎么|怎样|如何|为什么|为何|是否|何时|何地|何处|有没有")
_EN_INTERROGATIVE = re.compile(
    r"^\W*(?:what|who|whom|whose|when|where|which|why|how|is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|tell|list|name|give)\b", re.I
)


def is_english(text: str) -> bool:
    """True when a question is written in English: its question words are English ("MIT
    OpenCourseWare指什么？" asks in Chinese, "Who is 张伟?" in English); when they don't decide,
    more Latin words than Chinese words.

    Words, not letters, are compared, so a Chinese question naming ChatGPT or a book's Latin
    title stays Chinese ("ChatGPT和GPT4的发布时间" has 2 Latin words and ~4 Chinese ones)."""
    text = _QUOTED.sub(" ", text)  # a quoted title is a name, not the language of the question
    chinese_asks, english_asks = bool(_ZH_INTERROGATIVE.search(text)), bool(_EN_INTERROGATIVE.match(text))
    if chinese_asks != english_asks:
        return english_asks
    latin_words = len(_LATIN_WORD.findall(text))
    chinese_words = sum(1 for ch in text if is_cjk(ch)) / CJK_CHARS_PER_WORD
    return latin_words > 0 and latin_words > chinese_words


_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def is_latin_text(text: str) -> bool:
    """True for text written in Latin letters: outside brackets, at most a tenth of its letters
    are ideographs (an English sentence glossing a name "(张伟)" is English; Chinese quoting
    "St. John" or naming "Bank for Investment and Development of Vietnam" is not)."""
    if not _ASCII_LETTER.search(text):
        return False  # most Chinese sentences: no letter to count
    letters = [ch for ch in _BRACKETED.sub(" ", text) if ch.isalpha()]
    return bool(letters) and sum(map(is_cjk, letters)) <= 0.1 * len(letters)


def remove_ocr_spaces(text: str) -> str:
    """Drop spaces between CJK characters, and between CJK characters and digits."""
    # Ingestion cleans each line several times; once clean, most lines have no space at all,
    # and these membership tests cost far less than running the pattern.
    if " " not in text and "\t" not in text and "\u3000" not in text and "\u00a0" not in text:
        return text
    return _SPACE_BETWEEN.sub("", text)


def ends_sentence(text: str) -> bool:
    """True when text ends with a sentence terminator (closing quotes allowed after it)."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in _CLOSERS:
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in TERMINAL_CHARS


# A full stop that may end an English sentence: a period, then space, then what begins one.
# Only where this matches is the span handed to pysbd, which knows abbreviations (Mr., U.S.).
_LATIN_STOP_RE = re.compile(r"[a-z0-9%)\]\"'’”]\.[\"'’”)]*\s+[\"'‘“(]?[A-Z0-9]")


@functools.lru_cache(maxsize=1)
def _english_segmenter():  # noqa: ANN202 (pysbd has no type hints)
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _english_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at English full stops (pysbd's rules), each piece without trailing space."""
    if not _LATIN_STOP_RE.search(text, start, end):
        return [(start, end)]
    # pysbd reads English: in Chinese text quoting English ("（St. John）"), its rules misfire.
    if not is_latin_text(text[start:end]):
        return [(start, end)]
    pieces = []
    for piece in _english_segmenter().segment(text[start:end]):
        a, b = start + piece.start, start + piece.end
        while b > a and text[b - 1].isspace():
            b -= 1
        while a < b and text[a].isspace():
            a += 1
        if a < b:
            pieces.append((a, b))
    # pysbd's spans must tile the span; anything else means it changed the text: keep it whole.
    covered = "".join(text[a:b] for a, b in pieces)
    return pieces if re.sub(r"\s", "", covered) == re.sub(r"\s", "", text[start:end]) else [(start, end)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of sentences in text: ends at 。！？ (plus closing quotes), at an English full stop
    (abbreviations aside), or at a line break.

    Leading whitespace/newlines are not part of a sentence; spans cover every
    non-space character exactly once.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos < n:
        while pos < n and text[pos] in " \n\t":
            pos += 1
        if pos >= n:
            break
        newline = text.find("\n", pos)
        limit = n if newline == -1 else newline
        match = SENTENCE_END_RE.search(text, pos, limit)
        end = match.end() if match else limit
        spans.extend(_english_sentences(text, pos, end))
        pos = end
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of a text (see sentence_spans)."""
    return [text[s:e] for s, e in sentence_spans(text)]


def normalize_for_match(text: str) -> str:
    """Matching form used by evaluation: NFKC, simplified script, lower-case, no whitespace or
    punctuation."""
    text = fold(text)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "P")


def contains_normalized(haystack: str, needle: str) -> bool:
    """Substring test under normalize_for_match (empty needles never match)."""
    needle_n = normalize_for_match(needle)
    return bool(needle_n) and needle_n in normalize_for_match(haystack)
