"""How a candidate short answer relates to the candidates nested inside it.

A clause often merely holds the answer (本站原名东那须野 holds 东那须野, the name after 原名):
the candidate that sits in the question's frame, or is of the kind asked for, may be a
phrase inside a longer one. Each candidate is described by the best frame match and kind
among the candidates it strictly contains, so the learned span model can tell a clause
that holds a framed answer from the answer itself, and learn where a whole clause is the
answer (why- and how-questions) rather than have a rule decide it.
"""

from __future__ import annotations

import numpy as np

from rag.answer.lexicon import KIND_SPAN_TYPES, Kind
from rag.answer.spans import Span

NESTING_FEATURES = ("holds_framed", "framed_vs_held", "holds_typed")


def nesting_rows(kind: Kind, spans: list[Span], frame: np.ndarray, own_words: np.ndarray) -> np.ndarray:
    """One row of NESTING_FEATURES per candidate, for a question asking for `kind`.

    `frame` is each candidate's frame match (left plus right), `own_words` whether it is made
    of the question's own words (never the answer). A candidate holds another when it
    strictly contains its characters; of the kind asked for is of its span types, or for a
    kind without any (什么), a phrase rather than a clause."""
    wanted = KIND_SPAN_TYPES.get(kind)
    typed = np.array([span.type in wanted if wanted else span.type != "clause" for span in spans], dtype=bool)
    starts = np.array([span.start for span in spans])
    ends = np.array([span.end for span in spans])
    # held[i, k]: candidate i strictly contains candidate k, which is not the question's words
    # (a shorter span inside it; never itself). One matrix, not a loop: a sentence has ~70 candidates.
    held = (starts[None, :] >= starts[:, None]) & (ends[None, :] <= ends[:, None]) & ((ends - starts)[None, :] < (ends - starts)[:, None])
    held &= ~np.asarray(own_words, dtype=bool)[None, :]
    fit = np.asarray(frame, dtype=float)
    best = np.where(held, fit[None, :], 0.0).max(axis=1) if len(spans) else np.zeros(0)
    return np.column_stack([best, fit - best, (held & typed[None, :]).any(axis=1).astype(float)])
