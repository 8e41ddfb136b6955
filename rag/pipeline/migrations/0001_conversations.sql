-- Conversations of the web chat and the JSON API: every question, answer, its citations
-- (the whole Answer as JSON) and the answerer that wrote it.
CREATE TABLE conversations (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    collection TEXT NOT NULL DEFAULT 'default',
    created    REAL NOT NULL,
    updated    REAL NOT NULL
);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content         TEXT NOT NULL,
    answer          TEXT,            -- the Answer as JSON (assistant turns)
    generator       TEXT,            -- the answerer that wrote it (assistant turns)
    created         REAL NOT NULL
);

CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
CREATE INDEX conversations_by_update ON conversations (updated DESC);
