"""HTML for the web chat: answers with linked [n] markers, source cards with the quote
highlighted. Every piece of article or user text is escaped: markup shows as text."""

from __future__ import annotations

import re
import secrets

from rag.schema import Answer, Passage

_MARKER = re.compile(r"\[(\d+)\]")


# The chat renders messages as Markdown: `![x](http://…)` in text would become an <img>
# that the browser fetches (a tracking channel). Markdown syntax characters become
# character references, which show as themselves and never start an image or a link.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", **{c: f"&#{ord(c)};" for c in "!*_`[]()~|#\\:$"}})


def esc(text: str) -> str:
    """HTML-escape text (quotes too, so it is safe inside attributes) and neutralise the
    Markdown syntax in it: user and article text is always shown as text."""
    return text.translate(_ESCAPES)  # one pass, so no escape is escaped again


def text_html(text: str) -> str:
    """Text as HTML: escaped, Markdown neutralised, line breaks kept."""
    return esc(text).replace("\n", "<br>")


def highlight(passage_text: str, quote: str) -> str:
    """The passage, escaped, with the quoted sentence wrapped in <mark>."""
    at = passage_text.find(quote) if quote else -1
    if at < 0:
        return esc(passage_text)
    return esc(passage_text[:at]) + "<mark>" + esc(quote) + "</mark>" + esc(passage_text[at + len(quote) :])


def _linked_markers(text: str, answer: Answer, prefix: str) -> str:
    """Escaped answer text whose [n] markers link to the source cards and carry their quote."""
    quotes = {c.n: c.quote for c in answer.citations}

    parts = []
    for piece in _MARKER.split(text):  # text, marker number, text, ...: escape the text only
        if len(parts) % 2 == 0:
            parts.append(esc(piece))
        elif int(piece) in quotes:
            n = int(piece)
            # The quote opens on click or tap (HEAD's script), not only on hover: touch screens can't hover.
            parts.append(
                f'<a class="cite" href="#{prefix}-{n}" title="{esc(quotes[n])}"><sup>&#91;{n}&#93;</sup></a>'
                f'<span class="cite-quote">“{esc(quotes[n])}”</span>'
            )
        else:
            parts.append(f"&#91;{piece}&#93;")
    return "".join(parts)


def answer_html(answer: Answer) -> str:
    """A chat message: the answer (or a visibly different abstention), its numbered sources,
    and which answerer wrote it."""
    prefix = f"src-{secrets.token_hex(4)}"
    body = _linked_markers(answer.text, answer, prefix).replace("\n", "<br>")
    parts = []
    if answer.abstained:
        label = "No answer in the articles" if answer.text.startswith(("The ", "Please", "Something")) else "文章中没有答案"
        parts.append(f'<div class="abstained"><span class="abstained-label">⚠ {esc(label)}</span><br>{body}</div>')
    else:
        parts.append(f'<div class="answer">{body}</div>')
    if answer.citations:
        cards = []
        for citation in answer.citations:
            p = citation.passage
            cards.append(
                f'<div class="source-card" id="{prefix}-{citation.n}"><b>[{citation.n}]</b> 《{esc(p.title)}》 '
                f'<span class="source-file">{esc(p.source)}</span><br><span class="quote">“{esc(citation.quote)}”</span></div>'
            )
        parts.append('<div class="sources"><div class="sources-head">来源 Sources</div>' + "".join(cards) + "</div>")
    for sentence in answer.unsupported:
        parts.append(f'<div class="unsupported">⚠ 未得到文章支持 / not supported by the articles: {esc(sentence)}</div>')
    parts.append(f'<div class="generator">回答 answered by: {esc(answer.generator)}</div>')
    return "".join(parts)


def streaming_html(text: str) -> str:
    """The answer as it streams in (escaped, no links yet)."""
    return f'<div class="answer streaming">{esc(text).replace(chr(10), "<br>")}<span class="cursor">▍</span></div>'


def merge_overlapping(passages: list[Passage]) -> list[Passage]:
    """Passages of one article whose spans overlap or touch, joined into one (in the order
    the first of each group was given). Two passages are of one article when they share the
    source and title and their texts agree where the spans overlap."""
    merged: list[Passage] = []
    for passage in passages:
        for i, kept in enumerate(merged):
            joined = _join(kept, passage)
            if joined is not None:
                merged[i] = joined
                break
        else:
            merged.append(passage)
    return merged


def _join(a: Passage, b: Passage) -> Passage | None:
    if (a.source, a.title) != (b.source, b.title) or b.start > a.end or a.start > b.end:
        return None
    first, second = (a, b) if a.start <= b.start else (b, a)
    overlap = first.end - second.start
    if overlap > 0 and first.text[len(first.text) - overlap :] != second.text[:overlap]:
        return None  # same offsets, different text: two articles of one file
    text = first.text + second.text[overlap:] if second.end > first.end else first.text
    return Passage(a.id, a.source, a.title, text, first.start, max(first.end, second.end), max(a.score, b.score))


def sources_panel(answer: Answer | None) -> str:
    """The side panel: every retrieved passage (overlapping ones of an article merged), cited
    ones first, quotes highlighted."""
    if answer is None or not answer.passages:
        return '<div class="panel-empty">提问后，这里显示检索到的原文段落。<br>Retrieved passages appear here.</div>'
    cards = []
    for passage in merge_overlapping(answer.passages):
        within = [c for c in answer.citations if (c.passage.source, c.passage.title) == (passage.source, passage.title) and passage.start <= c.passage.start and c.passage.end <= passage.end]
        tag = "".join(f"[{c.n}]" for c in sorted(within, key=lambda c: c.n)) or "·"
        text = highlight_all(passage.text, [c.quote for c in within])
        cards.append((not within, min((c.n for c in within), default=0), _passage_card(passage, tag, text, bool(within))))
    return "".join(card for *_, card in sorted(cards, key=lambda c: c[:2]))


def highlight_all(passage_text: str, quotes: list[str]) -> str:
    """The passage, escaped, with every quote's first occurrence wrapped in <mark>."""
    spans = sorted({(at, at + len(q)) for q in quotes if q and (at := passage_text.find(q)) >= 0})
    out, pos = [], 0
    for start, end in spans:
        start = max(start, pos)  # quotes that overlap share one mark
        if start < end:
            out.append(esc(passage_text[pos:start]) + "<mark>" + esc(passage_text[start:end]) + "</mark>")
            pos = end
    return "".join(out) + esc(passage_text[pos:])


def _passage_card(passage: Passage, tag: str, text: str, cited: bool) -> str:
    klass = "passage cited" if cited else "passage"
    return (
        f'<div class="{klass}"><div class="passage-head"><b>{esc(tag)}</b> 《{esc(passage.title)}》 '
        f'<span class="source-file">{esc(passage.source)} · {passage.start}–{passage.end}</span></div>'
        f'<div class="passage-text">{text.replace(chr(10), "<br>")}</div></div>'
    )


def banner(notes: list[str]) -> str:
    """The status banner: the offline-path banner when a note is a fallback ("offline
    path: …"), else a quiet line saying which models are in use (empty without notes)."""
    if not notes:
        return ""
    items = "".join(f"<li>{esc(n)}</li>" for n in notes)
    if not any(n.startswith("offline path") for n in notes):
        return f'<div class="status-banner"><b>模型 Models</b><ul>{items}</ul></div>'
    return f'<div class="offline-banner"><b>离线模式 Offline path</b> — 部分模型不可用，系统使用备用方法：<ul>{items}</ul></div>'


CSS = """
.offline-banner { background: #fff4e5; border: 1px solid #f0b35a; border-radius: 8px; padding: 8px 12px; color: #5a3b00; }
.offline-banner ul { margin: 4px 0 0 18px; font-size: 0.85em; }
.docs { width: 100%; font-size: 0.9em; border-collapse: collapse; }
.docs td, .docs th { padding: 2px 6px; border-bottom: 1px solid #eee; text-align: left; word-break: break-all; }
.doc-status.busy { color: #b36b00; } .doc-status.done { color: #1a7f37; } .doc-status.failed { color: #c62828; }
.status-banner { border: 1px solid #ddd; border-radius: 8px; padding: 6px 12px; color: #555; font-size: 0.9em; }
.status-banner ul { margin: 2px 0 0 18px; }
.abstained { background: #f3f3f3; border-left: 4px solid #9a9a9a; padding: 6px 10px; color: #444; font-style: italic; }
.abstained-label { font-weight: bold; font-style: normal; color: #666; }
.sources { margin-top: 8px; border-top: 1px solid #ddd; padding-top: 6px; font-size: 0.9em; }
.sources-head { font-weight: bold; color: #555; margin-bottom: 4px; }
.source-card { margin: 4px 0; }
.source-file { color: #888; font-size: 0.85em; }
.quote { color: #333; }
.generator { margin-top: 6px; color: #888; font-size: 0.8em; }
.unsupported { color: #a33; font-size: 0.85em; }
a.cite { text-decoration: none; font-weight: bold; cursor: pointer; }
.cite-quote { display: none; }
.cite-quote.open { display: block; background: #fffbe6; border-left: 3px solid #f0b35a; padding: 4px 8px; margin: 4px 0; font-size: 0.9em; font-style: normal; }
.source-card.target { outline: 2px solid #6c9bd2; border-radius: 4px; }
#hint { color: #a15c00; font-size: 0.9em; }
#hint p { margin: 0; }
.passage { border: 1px solid #e2e2e2; border-radius: 8px; padding: 8px; margin-bottom: 8px; }
.passage.cited { border-color: #6c9bd2; background: #f7fbff; }
.passage-head { margin-bottom: 4px; }
.passage-text { line-height: 1.7; }
.passage-text mark { background: #ffe066; padding: 0 2px; }
.cursor { animation: blink 1s step-start infinite; }
@keyframes blink { 50% { opacity: 0; } }
body, .gradio-container { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
"""

# A click or tap on [n] opens its quote under the marker and brings the whole source card into
# view ("nearest": the least scrolling that shows all of it; a plain #anchor jump put the card
# at the top edge, half under the chat's header). Capture phase: before the chat's own link handling.
HEAD = """<script>
document.addEventListener("click", function (event) {
  var marker = event.target.closest ? event.target.closest("a.cite") : null;
  if (!marker) return;
  event.preventDefault();
  event.stopPropagation();
  var quote = marker.nextElementSibling;
  if (quote && quote.classList.contains("cite-quote")) quote.classList.toggle("open");
  var card = document.getElementById((marker.getAttribute("href") || "").slice(1));
  if (!card) return;
  document.querySelectorAll(".source-card.target").forEach(function (c) { c.classList.remove("target"); });
  card.classList.add("target");
  card.scrollIntoView({block: "nearest", inline: "nearest"});
}, true);
</script>"""
