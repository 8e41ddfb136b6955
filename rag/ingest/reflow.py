"""Reflow: join lines broken at column width, keep real paragraph breaks, drop OCR spaces."""

from __future__ import annotations

from rag.lang import ends_sentence, remove_ocr_spaces

# Pages whose typical line is longer than this print one paragraph per line.
PARAGRAPH_MODE_WIDTH = 40
# In column-wrapped text a line that ends a sentence well short of the column ends a paragraph.
SHORT_LINE_RATIO = 0.75


def is_paragraph_mode(lines: list[str]) -> bool:
    """True when the page prints a paragraph per line rather than wrapping at column width."""
    widths = sorted(len(remove_ocr_spaces(line.strip())) for line in lines if line.strip())
    if not widths:
        return False
    return widths[int(0.8 * (len(widths) - 1))] > PARAGRAPH_MODE_WIDTH


def glue(left: str, right: str) -> str:
    """Join two pieces of one sentence: no space in Chinese; a space in English text, where a
    word meets a word, a number or a mark ("budget of" + "$54.7", "roads." + "Most"). Two digits
    stay joined: a number broken across lines ("87,0" + "64辆") is one number."""
    if left and right and left[-1].isascii() and right[0].isascii() and not left[-1].isspace() and (left[-1].isalpha() or right[0].isalpha()):
        return f"{left} {right}"
    return left + right


def reflow_lines(lines: list[str], paragraph_mode: bool) -> str:
    """One block's lines as clean text, paragraphs separated by a single newline."""
    clean = [line.strip() for line in lines if line.strip()]
    if not clean:
        return ""
    width = max(len(remove_ocr_spaces(line)) for line in clean)
    paragraphs: list[str] = []
    current = clean[0]
    for prev, line in zip(clean, clean[1:]):
        prev_width = len(remove_ocr_spaces(prev))
        ends_paragraph = ends_sentence(prev) or (paragraph_mode and prev.rstrip()[-1:] in "：:")
        if ends_paragraph and (paragraph_mode or prev_width < SHORT_LINE_RATIO * width):
            paragraphs.append(current)
            current = line
        else:
            current = glue(current, line)
    paragraphs.append(current)
    return "\n".join(remove_ocr_spaces(p).strip() for p in paragraphs)


def join_blocks(left: str, right: str, left_complete: bool | None = None) -> str:
    """Join block texts: continue the sentence when `left` stops mid-sentence, else new paragraph.

    `left_complete` overrides the punctuation test (a colon-ended line on a page that prints
    a paragraph per line is complete).
    """
    if not left:
        return right
    if not right:
        return left
    complete = ends_sentence(left) if left_complete is None else left_complete
    if complete:
        return f"{left}\n{right}"
    return glue(left, right)  # both sides are clean already; only the seam is new
