"""What every reader shares: the error it raises and the progress callback it calls."""

from __future__ import annotations

from typing import Callable

Progress = Callable[[str], None]  # receives short statuses: "reading", "OCR page 3/8"


def no_progress(_status: str) -> None:
    """The progress callback used when nobody is watching."""


class UnreadableDocument(Exception):
    """A document a reader cannot turn into articles; the message is the reason shown to users.

    `lasting` is False when the cause is the environment (a missing package), not the file,
    so the verdict is not cached against the file's content.
    """

    def __init__(self, reason: str, lasting: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lasting = lasting
