"""Reading article files: UTF-8 (with or without BOM), GBK/GB18030, and refusing binaries."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from rag.files import collection_files
from rag.lang import is_cjk

log = logging.getLogger(__name__)

# Chinese archives are mostly UTF-8 or GB-family (GB18030 is a superset of GBK and GB2312),
# some Big5. Many Big5 byte strings are also valid GB18030, so charset-normalizer decides.
_LEGACY_ENCODINGS = ["gb18030", "big5"]


class IngestError(RuntimeError):
    """The article folder itself is unusable (missing, empty, nothing readable)."""


def _looks_like_text(text: str) -> bool:
    """True when decoded text is mostly printable characters, not decoded noise."""
    if not text.strip():
        return True
    sample = text[:20000]
    bad = 0
    for ch in sample:
        if ch in "\n\r\t":
            continue
        cat = unicodedata.category(ch)
        # Control, unassigned, private-use and surrogate characters don't occur in articles.
        if cat in ("Cc", "Cn", "Co", "Cs"):
            bad += 1
    return bad / len(sample) < 0.01


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """Decode article bytes; returns (text, encoding) or None when they are not text."""
    if b"\x00" in data[:8192]:
        return None  # UTF-16 articles are out of scope; NUL bytes mean binary here
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        return (text, "utf-8") if _looks_like_text(text) else None
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few stray bytes (a pasted GBK fragment, a cut-off character): keep
    # the text, mark the bad bytes with U+FFFD, and say so.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad and bad <= max(3, len(text) // 200) and _looks_like_text(text):
        return text, f"utf-8 ({bad} undecodable byte sequences replaced)"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None:
        return None
    text = str(best)
    if _looks_like_text(text) and _mostly_cjk_or_ascii(text):
        return text, best.encoding
    return None


def _mostly_cjk_or_ascii(text: str) -> bool:
    """Guard against a wrong legacy decoding that 'succeeds' on random bytes."""
    sample = [ch for ch in text[:20000] if not ch.isspace()]
    if not sample:
        return True
    common = sum(1 for ch in sample if ch.isascii() or is_cjk(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·■●")
    return common / len(sample) > 0.9


def read_article_file(path: Path) -> str | None:
    """Text of one article file, or None (with a warning naming it) when it can't be read as text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.warning("skipping %s: cannot read it (%s)", path, exc)
        return None
    decoded = decode_bytes(data)
    if decoded is None:
        log.warning("skipping %s: not a text file in UTF-8, GBK/GB18030 or Big5", path)
        return None
    text, encoding = decoded
    if "replaced" in encoding:
        log.warning("%s: %s", path, encoding)
    elif encoding != "utf-8":
        log.info("%s decoded as %s", path.name, encoding)
    return text


def list_article_files(folder: Path) -> list[Path]:
    """Article files in a folder (sorted), or IngestError when the folder is missing or empty."""
    folder = Path(folder)
    if not folder.exists():
        raise IngestError(f"article folder not found: {folder} (set RAG_SEEDS_DIR or pass seeds_dir)")
    if not folder.is_dir():
        raise IngestError(f"article folder is not a directory: {folder}")
    files = collection_files(folder, warn=True)  # regular files inside the folder only
    if not files:
        raise IngestError(f"article folder is empty: {folder}")
    return files
