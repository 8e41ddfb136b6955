"""Saved conversations: one SQLite file (stdlib sqlite3) holding every question, answer,
its citations and the answerer used. The schema is created on first use; later changes are
plain `.sql` files in `migrations/`, applied in order and counted in `PRAGMA user_version`."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from rag.schema import Answer, Citation, Passage

MIGRATIONS = Path(__file__).with_name("migrations")
TITLE_CHARS = 80  # a conversation's title: its first question, cut here


class ConversationNotFound(KeyError):
    """No conversation with that id."""


@dataclass
class Message:
    """One turn: the user's question, or the answer (with the Answer as a dict)."""

    role: str
    content: str
    answer: dict[str, Any] | None = None
    generator: str | None = None
    created: float = 0.0


@dataclass
class Conversation:
    """A saved conversation; `messages` is filled only when one conversation is read."""

    id: str
    title: str
    collection: str
    created: float
    updated: float
    turns: int = 0
    messages: list[Message] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def answer_from_dict(data: dict[str, Any]) -> Answer:
    """An Answer back from `Answer.to_dict()` (to redraw a saved conversation)."""
    passages = [Passage(**p) for p in data.get("passages", [])]
    citations = [Citation(c["n"], Passage(**c["passage"]), c["quote"]) for c in data.get("citations", [])]
    return Answer(
        data.get("text", ""), citations, passages, bool(data.get("abstained")), data.get("generator", ""),
        list(data.get("unsupported", [])), list(data.get("notes", [])), data.get("confidence"),
    )


class ConversationStore:
    """Conversations in one SQLite file; safe to use from many threads (a connection per call)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        # A short-lived connection per call: sqlite3 connections must not cross threads, and
        # opening one costs microseconds. WAL lets readers run while an answer is written.
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            with db:  # one transaction
                yield db

    def _migrate(self) -> None:
        with self._lock, self._db() as db:
            db.execute("PRAGMA journal_mode = WAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for script in sorted(MIGRATIONS.glob("*.sql")):
                number = int(script.name.split("_", 1)[0])
                if number > version:
                    db.executescript(script.read_text(encoding="utf-8"))
                    db.execute(f"PRAGMA user_version = {number}")  # a pragma takes no parameters; number is an int

    def create(self, title: str = "", collection: str = "default") -> Conversation:
        """A new, empty conversation."""
        now = time.time()
        conv = Conversation(uuid.uuid4().hex, _title(title) or "新对话 New conversation", collection, now, now)
        with self._db() as db:
            db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?, ?)", (conv.id, conv.title, conv.collection, now, now))
        return conv

    def list(self, limit: int = 100) -> list[Conversation]:
        """The most recently updated conversations first (without their messages)."""
        with self._db() as db:
            rows = db.execute(
                "SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user') AS turns "
                "FROM conversations c ORDER BY updated DESC LIMIT ?", (limit,)
            ).fetchall()
        return [Conversation(r["id"], r["title"], r["collection"], r["created"], r["updated"], r["turns"]) for r in rows]

    def get(self, conversation_id: str) -> Conversation:
        """One conversation with its messages; ConversationNotFound when there is none."""
        with self._db() as db:
            row = db.execute("SELECT * FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
            if row is None:
                raise ConversationNotFound(conversation_id)
            rows = db.execute("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,)).fetchall()
        messages = [Message(r["role"], r["content"], json.loads(r["answer"]) if r["answer"] else None, r["generator"], r["created"]) for r in rows]
        turns = sum(m.role == "user" for m in messages)
        return Conversation(row["id"], row["title"], row["collection"], row["created"], row["updated"], turns, messages)

    def history(self, conversation_id: str, turns: int) -> list[dict[str, str]]:
        """The last `turns` messages as role/content dicts (what a follow-up reads)."""
        with self._db() as db:
            if db.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is None:
                raise ConversationNotFound(conversation_id)
            rows = db.execute(
                "SELECT role, content FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?", (conversation_id, turns)
            ).fetchall()
        return [{"role": r["role"], "content": r["content"]} for r in reversed(rows)]

    def add_turn(self, conversation_id: str, question: str, answer: Answer) -> None:
        """Save a question and its answer (the whole Answer, so citations can be redrawn)."""
        now = time.time()
        with self._db() as db:
            updated = db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id)).rowcount
            if not updated:
                raise ConversationNotFound(conversation_id)
            db.execute("INSERT INTO messages (conversation_id, role, content, created) VALUES (?, 'user', ?, ?)", (conversation_id, question, now))
            db.execute(
                "INSERT INTO messages (conversation_id, role, content, answer, generator, created) VALUES (?, 'assistant', ?, ?, ?, ?)",
                (conversation_id, answer.text, json.dumps(answer.to_dict(), ensure_ascii=False), answer.generator, now),
            )

    def rename(self, conversation_id: str, title: str) -> Conversation:
        """Give a conversation a new title."""
        with self._db() as db:
            if not db.execute("UPDATE conversations SET title = ? WHERE id = ?", (_title(title), conversation_id)).rowcount:
                raise ConversationNotFound(conversation_id)
        return self.get(conversation_id)

    def delete(self, conversation_id: str) -> None:
        """Delete a conversation and its messages."""
        with self._db() as db:
            if not db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,)).rowcount:
                raise ConversationNotFound(conversation_id)


def _title(text: str) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


_stores: dict[Path, ConversationStore] = {}
_stores_lock = threading.Lock()


def conversation_store(path: Path) -> ConversationStore:
    """The store for this file (one per process and file: the schema is checked once)."""
    key = Path(path).resolve()
    with _stores_lock:
        if key not in _stores:
            _stores[key] = ConversationStore(key)
        return _stores[key]
