"""An open evaluation distribution from any SQuAD-format dataset (CMRC 2018, DRCD, SQuAD).

Articles are split by title into a part to fit on and a part only measured on (a seeded
hash of the title decides, so the split never depends on sampling). From one part, a
pooled collection of N articles is built, and these kinds of question are asked of it:

- `answerable`: the dataset's questions about articles in the collection;
- `left_out`: questions about articles of the same part left out of the collection;
- `hard_negative`: questions whose answer-bearing sentences are deleted from their own
  article (the topic is present, the answer is not);
- `impossible`: questions the dataset itself marks unanswerable (SQuAD 2.0's
  `is_impossible`, or no answer given) about articles in the collection;
- `swapped` (when asked for): answerable questions whose attribute asked about is swapped
  for one their article never prints (rag.evaluate.swapped).

Nothing here touches the user's index: the caller builds a temporary one.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.evaluate.swapped import swapped_rows
from rag.lang import contains_normalized, is_latin_text, sentence_spans
from rag.schema import Article

PARTS = ("fit", "test", "all")  # "all": a set that is only measured on, such as one's own


class SquadError(ValueError):
    """The dataset file can't be used (the message names the file and the problem)."""


@dataclass
class Document:
    """One titled article of the dataset with its questions."""

    title: str
    text: str
    questions: list[dict[str, Any]] = field(default_factory=list)  # id, question, answers ([]: unanswerable), starts


@dataclass
class Collection:
    """Articles to index and the questions to ask of them (dev-set row format)."""

    articles: list[Article]
    rows: list[dict[str, Any]]
    part: str
    seed: int


def load_documents(path: Path) -> list[Document]:
    """The dataset's articles (paragraphs of one title joined by line breaks), in file order."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))["data"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise SquadError(f"{path} is not a readable SQuAD-format file: {exc}") from exc
    documents: dict[str, Document] = {}
    for entry in data:
        title = str(entry.get("title") or f"article {len(documents) + 1}")
        doc = documents.setdefault(title, Document(title, ""))
        for paragraph in entry.get("paragraphs", []):
            offset = len(doc.text) + (1 if doc.text else 0)
            doc.text = f"{doc.text}\n{paragraph['context']}" if doc.text else paragraph["context"]
            for qa in paragraph.get("qas", []):
                # SQuAD 2.0 lists "plausible_answers" apart; an impossible question keeps no answer.
                given = [] if qa.get("is_impossible") else [a for a in qa.get("answers") or [] if a.get("text")]
                answers = [a["text"] for a in given]
                starts = [offset + int(a.get("answer_start", -1)) for a in given]
                doc.questions.append({"id": str(qa["id"]), "question": qa["question"], "answers": answers, "starts": starts})
    if not documents:
        raise SquadError(f"{path} holds no articles")
    return list(documents.values())


def part_of(title: str, seed: int) -> str:
    """`fit` (40 %) or `test` (60 %): a seeded hash of the title, so each article stays in one part."""
    digest = hashlib.sha1(f"{seed}\x1f{title}".encode("utf-8")).digest()
    return PARTS[0] if digest[0] % 5 < 2 else PARTS[1]  # 40 % to fit on, 60 % to measure on


def _answer_sentences(doc: Document, question: dict[str, Any]) -> list[tuple[int, int]]:
    """Spans of the sentences that state the answer (by its offset, or any that contain it)."""
    spans = sentence_spans(doc.text)
    hits = [s for s in spans if any(s[0] <= start < s[1] for start in question["starts"])]
    hits += [s for s in spans if s not in hits and any(contains_normalized(doc.text[s[0] : s[1]], a) for a in question["answers"])]
    return hits


def _without(doc: Document, question: dict[str, Any]) -> str | None:
    """The article with every sentence stating the answer deleted, or None when that would
    delete most of it or the answer still shows."""
    drop = _answer_sentences(doc, question)
    kept = [doc.text[s:e] for s, e in sentence_spans(doc.text) if (s, e) not in drop]
    text = (" " if is_latin_text(doc.text) else "").join(kept)  # English sentences are spaced apart
    if len(text) < 0.5 * len(doc.text) or any(contains_normalized(text, a) for a in question["answers"]):
        return None
    return text


def _row(question: dict[str, Any], kind: str, evidence: list[str], doc: Document) -> dict[str, Any]:
    answers = question["answers"] if kind == "answerable" else []
    return {
        "id": question["id"], "question": question["question"], "answers": answers, "evidence": evidence,
        "sources": [_source(doc.title)], "type": kind,
        "lang": "en" if is_latin_text(question["question"]) else "zh",  # as the runner labels a row
        "text_lang": "en" if is_latin_text(doc.text) else "zh",  # the article's: thresholds are kept apart
    }


def build_collection(documents: list[Document], part: str, n_articles: int, n_left_out: int, n_hard: int, seed: int, sample: int = 0, n_swapped: int = 0) -> Collection:
    """A pooled collection of `n_articles` articles of one part with its kinds of question
    (`n_swapped` attribute-swapped negatives only when asked for).
    `seed` splits the parts; `sample` numbers other draws from the same part (other articles
    left out, other answers deleted), for fitting on more negatives than one draw holds."""
    if part not in PARTS:
        raise SquadError(f"part must be one of {PARTS}, not {part!r}")
    rng = random.Random(seed if sample == 0 else f"{seed}/{sample}")
    pool = [d for d in documents if (part == "all" or part_of(d.title, seed) == part) and d.questions]
    rng.shuffle(pool)
    chosen, others = pool[:n_articles], pool[n_articles:]
    texts = {d.title: d.text for d in chosen}
    rows: list[dict[str, Any]] = []
    hard: set[str] = set()
    candidates = [(d, q) for d in chosen for q in d.questions if q["answers"]]
    rng.shuffle(candidates)
    for doc, question in candidates:
        if len(hard) >= n_hard or doc.title in {t for t, _ in hard_titles(hard)}:
            continue
        text = _without(doc, question)
        if text is not None:
            texts[doc.title] = text
            hard.add(f"{doc.title}\x1f{question['id']}")
            rows.append(_row(question, "hard_negative", [], doc))
    for doc in chosen:
        for question in doc.questions:
            if f"{doc.title}\x1f{question['id']}" in hard:
                continue
            if not question["answers"]:
                rows.append(_row(question, "impossible", [], doc))
                continue
            if not any(contains_normalized(texts[doc.title], a) for a in question["answers"]):
                continue  # its answer went with a hard negative's sentence
            evidence = [doc.text[s:e] for s, e in _answer_sentences(doc, question)]
            evidence = [e for e in evidence if e in texts[doc.title]] or question["answers"]
            rows.append(_row(question, "answerable", evidence, doc))
    left_out = [(d, q) for d in others for q in d.questions]
    rng.shuffle(left_out)
    rows += [_row(q, "left_out", [], d) for d, q in left_out[:n_left_out]]
    rows += swapped_rows(rows, {_source(title): text for title, text in texts.items()}, n_swapped, rng)
    articles = [Article(source=_source(d.title), position=0, title=d.title, text=texts[d.title]) for d in chosen]
    return Collection(articles, rows, part, seed)


def hard_titles(hard: set[str]) -> list[tuple[str, str]]:
    """(title, question id) pairs of the hard negatives chosen so far."""
    return [tuple(key.split("\x1f", 1)) for key in hard]  # type: ignore[misc]


def _source(title: str) -> str:
    return f"{title}.txt"
