"""Page layout: cut a page into blocks and say what each block is (headline, byline, body...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from rag.lang import CJK_RANGES, HAN, ends_sentence, is_cjk, remove_ocr_spaces


class Kind(str, Enum):
    """What a block of lines is on the printed page."""

    BODY = "body"  # story text
    START = "start"  # story text that opens with a dateline (新华社…电, 本报讯)
    CONT = "cont"  # story text that opens with （上接第N版）
    CAPTION = "caption"  # photo caption with its credit
    CREDIT = "credit"  # a photo credit alone (■ 新华社记者 某某 摄)
    TITLE = "title"  # headline candidate (or an in-story subhead; context decides)
    SUBTITLE = "subtitle"  # ——…
    SECTION = "section"  # （一） section numbers
    BYLINE = "byline"  # ■ 本报记者 …
    META = "meta"  # (2024年7月4日,阿斯塔纳) and similar parenthesised notes
    END_DATELINE = "end_dateline"  # （新华社阿斯塔纳7月4日电） closing a story
    JUNK = "junk"  # page furniture: hotlines, editors, QR-code blurbs


BODY_KINDS = {Kind.BODY, Kind.START, Kind.CONT}

_NUM = r"[0-9０-９一二三四五六七八九十]+"
JUMP_RE = re.compile(rf"\s*[（(]\s*下\s*转\s*第?\s*({_NUM})\s*版\s*[）)]\s*$")
CONT_RE = re.compile(rf"^\s*[（(]\s*上\s*接\s*第?\s*({_NUM})\s*版\s*[）)]\s*")
_CITY = HAN + "{1,10}"
_DATE = r"\d{1,2}月\d{1,2}日"
DATELINE_RE = re.compile(
    rf"^(?:(?:据)?(?:新华社|中新社|人民日报){_CITY}?{_DATE}电|本报{_CITY}?{_DATE}电|本报讯)"
)
_BYLINE_PAREN_RE = re.compile(r"^\s*[（(]\s*((?:本报|新华社)?(?:特约)?(?:记者|通讯员)[^（）()]{0,40})[）)]\s*")
_END_DATELINE_RE = re.compile(
    rf"^(?:(?P<byline>(?:新华社|本报)?记者[\s{CJK_RANGES}·]{{2,40}}?))?\s*"
    rf"[（(]?(?P<dateline>(?:据)?(?:新华社|中新社){_CITY}?{_DATE}电)[）)]?$"
)
_TRAILING_BYLINE_RE = re.compile(r"[（(]\s*((?:参与|特约)?(?:记者|采写)[^（）()]{1,40})[）)]\s*$")
_CREDIT_RE = re.compile(rf"■?\s*((?:新华社|本报)?(?:特约)?(?:记者|通讯员)?\s*[{CJK_RANGES}·][{CJK_RANGES}·\s]{{1,14}}摄|新华社(?:照片|发))\s*$")
_BYLINE_RE = re.compile(
    rf"^(?:■\s*)?(?:(?:本报|新华社)?(?:特约)?(?:记者|评论员|通讯员)(?:\s*[{CJK_RANGES}·]{{2,4}})*)\s*$"
)
_SECTION_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]$|^[一二三四五六七八九十]{1,3}[、．.]$")
_META_RE = re.compile(r"^[（(][^（）()]{2,30}[）)]$")
_JUNK_HINTS = (">>>", "**", "本版编辑", "组版", "扫码", "客户端", "公众号", "读者热线", "责任编辑", "美编", "校对")
_CLOSING_RE = re.compile(
    rf"^[{CJK_RANGES}、，·（）()]{{2,60}}?(?:等)?(?:参加|出席|陪同)(?:会见|会谈|会议|活动|上述活动|开幕式)?。$"
)
TITLE_MAX_CHARS = 48


@dataclass
class Block:
    """A run of printed lines with its kind; `text` is the cleaned text of body-like blocks."""

    lines: list[str]
    kind: Kind = Kind.BODY
    text: str = ""
    dateline: str = ""
    byline: str = ""
    continued_from: str = ""
    continues_on: str = ""
    paragraph_mode: bool = False  # the page prints one paragraph per line
    role: str = ""  # for headline candidates: title | kicker | subtitle | deck | heading
    orphan: bool = False  # body text whose printed predecessor is another story's

    @property
    def flat(self) -> str:
        """Lines joined without OCR spaces: the block as one string."""
        return remove_ocr_spaces("".join(line.strip() for line in self.lines))

    @property
    def meta_text(self) -> str:
        """Lines joined with single spaces (for bylines, where spaces separate names)."""
        return " ".join(" ".join(self.lines).split())

    @property
    def dangling(self) -> bool:
        """True when body text stops mid-sentence (and no jump marker explains it)."""
        if self.kind not in BODY_KINDS or self.continues_on or not self.text or ends_sentence(self.text):
            return False
        # One paragraph per line: a line ending in a colon ("各位同事：") is a whole paragraph.
        return not (self.paragraph_mode and self.text[-1] in "：:")


def split_blocks(page: str) -> list[Block]:
    """Blank-line separated groups of lines, also cut before a line that opens a new story."""
    blocks: list[Block] = []
    current: list[str] = []
    for raw in page.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip().replace("\ufeff", "")
        if not line:
            if current:
                blocks.append(Block(current))
                current = []
            continue
        flat = remove_ocr_spaces(line)
        opens_story = DATELINE_RE.match(flat) or CONT_RE.match(flat)
        is_section = bool(_SECTION_RE.match(flat))
        after_section = bool(current) and bool(_SECTION_RE.match(remove_ocr_spaces(current[-1])))
        if current and ((opens_story and ends_sentence(current[-1])) or is_section or after_section):
            blocks.append(Block(current))
            current = []
        current.append(line)
    if current:
        blocks.append(Block(current))
    return blocks


def is_closing_formula(paragraph: str) -> bool:
    """'蔡奇、王毅等参加会见。': the attendee line that ends a Chinese news story."""
    return bool(_CLOSING_RE.match(paragraph.strip()))


def classify(block: Block) -> Kind:
    """Decide a block's kind from its own text (context is applied later)."""
    flat = block.flat
    if not flat:
        return Kind.JUNK
    if len(flat) <= 40 and any(hint in flat for hint in _JUNK_HINTS) and not ends_sentence(flat):
        return Kind.JUNK
    if CONT_RE.match(flat):
        return Kind.CONT
    if _END_DATELINE_RE.match(block.meta_text.replace(" （", "（")) or _END_DATELINE_RE.match(flat):
        return Kind.END_DATELINE
    if DATELINE_RE.match(flat):
        return Kind.START
    if _SECTION_RE.match(flat):
        return Kind.SECTION
    if _BYLINE_RE.match(block.meta_text):
        return Kind.BYLINE
    if len(flat) <= 40 and _CREDIT_RE.fullmatch(block.meta_text):
        return Kind.CREDIT
    if _CREDIT_RE.search(block.meta_text) and len(flat) > 20 and ("■" in flat or flat.endswith(("摄", "新华社照片"))):
        return Kind.CAPTION
    if _META_RE.match(flat):
        return Kind.META
    if flat.startswith(("——", "—", "－－")) and len(flat) <= 60 and not ends_sentence(flat):
        return Kind.SUBTITLE
    if _is_title_like(block, flat):
        return Kind.TITLE
    return Kind.BODY


# Headlines don't end on a word that needs a complement ("可以是", "发展的").
_DANGLING_ENDINGS = set("是的了和与及或在将为对把被以从向于而且并但等之其这那个要会能可")


def _is_title_like(block: Block, flat: str) -> bool:
    if len(block.lines) > 3 or not 2 <= len(flat) <= TITLE_MAX_CHARS:
        return False
    if flat[-1] in "。！？!?；;，,、：:…" or ends_sentence(flat) or flat[-1] in _DANGLING_ENDINGS:
        return False
    if any(ch in flat for ch in "。！？!?；;"):
        return False
    return not flat.startswith("■")


def title_text(block: Block) -> str:
    """A headline's text: lines joined; a space between two multi-character phrases is kept."""
    words = "".join(line.strip() for line in block.lines).split()
    if not words:
        return ""
    text = words[0]
    for word in words[1:]:
        spaced = len(text.split(" ")[-1]) > 1 and len(word) > 1 and is_cjk(text[-1]) and is_cjk(word[0])
        text = f"{text} {word}" if spaced else remove_ocr_spaces(f"{text} {word}")
    return text


def has_comma(block: Block) -> bool:
    """Headline candidates with a comma are only accepted as story titles, never subheads."""
    return "，" in block.flat or "," in block.flat


def annotate(block: Block) -> None:
    """Fill the block's metadata (dateline, byline, jump markers) and strip it from the text."""
    block.kind = classify(block)
    if block.kind in (Kind.BYLINE, Kind.CREDIT):
        block.byline = block.meta_text.lstrip("■ ").strip()
        return
    if block.kind == Kind.END_DATELINE:
        match = _END_DATELINE_RE.match(block.flat)
        block.dateline = match.group("dateline") if match else block.flat.strip("（）()")
        spaced = _END_DATELINE_RE.match(block.meta_text.replace(" （", "（"))
        if spaced and spaced.group("byline"):
            block.byline = spaced.group("byline").strip()
        return
    if block.kind not in BODY_KINDS and block.kind != Kind.CAPTION:
        return
    # Work on the lines joined with a marker at each line break so reflow can still see them.
    joined = "\n".join(line.strip() for line in block.lines)
    if block.kind == Kind.CONT:
        match = CONT_RE.match(joined)
        assert match is not None  # classify() saw it
        block.continued_from = f"上接第{match.group(1)}版"
        joined = joined[match.end():]
    elif block.kind == Kind.START:
        joined = _strip_dateline(block, joined)
    if block.kind == Kind.CAPTION:
        joined = _strip_credit(block, joined)
    jump = JUMP_RE.search(joined.replace("\n", ""))
    if jump:
        block.continues_on = f"下转第{jump.group(1)}版"
        joined = _cut_tail_paren(joined)
    trailing = _TRAILING_BYLINE_RE.search(joined.replace("\n", ""))
    if trailing:
        block.byline = " ".join(trailing.group(1).split())
        joined = _cut_tail_paren(joined)
    block.lines = [line for line in joined.split("\n")]


def _strip_dateline(block: Block, joined: str) -> str:
    """Move '新华社阿斯塔纳7月4日电（记者 …）' from the text into metadata."""
    match = DATELINE_RE.match(remove_ocr_spaces(joined.replace("\n", "")))
    if not match:
        return joined
    block.dateline = match.group(0)
    rest = joined[_consume(joined, match.group(0)):]
    # The byline may be split across lines ("（记\n者 胡晓光）"): match with line breaks removed.
    paren = _BYLINE_PAREN_RE.match(rest.replace("\n", ""))
    if paren:
        block.byline = " ".join(paren.group(0).strip().strip("（）()").split())
        rest = rest[_consume(rest, paren.group(0).replace(" ", "")):]
    return rest.lstrip(" \n")


def _consume(text: str, target: str) -> int:
    """Index in text just past `target`, ignoring spaces and line breaks in text."""
    i = 0
    for ch in target:
        while i < len(text) and text[i] in " \n\t\u3000":
            i += 1
        if i < len(text) and text[i] == ch:
            i += 1
    return i


def _strip_credit(block: Block, joined: str) -> str:
    """Move the photo credit ('■ 新华社记者 某某 摄', '新华社照片') into the byline."""
    one_line = " ".join(joined.split())
    match = _CREDIT_RE.search(one_line)
    if not match:
        return joined.lstrip("■ ")
    block.byline = " ".join(match.group(1).split())
    return one_line[: match.start()].strip().lstrip("■ ").strip()


def _cut_tail_paren(joined: str) -> str:
    """Remove a trailing parenthesis ("（下转第8版）", "（参与记者 …）"), which OCR may have split across lines."""
    cut = max(joined.rfind("（"), joined.rfind("("))
    return joined[:cut].rstrip() if cut != -1 else joined
