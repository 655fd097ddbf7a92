-- Lepton.Bot schema: FAQ edits made by maintainers in chat (/faq add, /faq edit, /faq remove).
-- Files in config/faq are the base; an entry here overrides the file entry with the same id.
-- faq_edits is the append-only history (who, when, before/after as JSON); faq_current is derived
-- from it (the latest edit per entry), written in the same transaction and recomputable.

CREATE TABLE faq_edits (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id     TEXT    NOT NULL,
    action       TEXT    NOT NULL CHECK (action IN ('add', 'edit', 'remove')),
    editor_id    INTEGER NOT NULL,            -- member snowflake
    editor_name  TEXT    NOT NULL,            -- display name at the time of the edit
    at           INTEGER NOT NULL,            -- Unix ms UTC
    before_json  TEXT,                        -- the entry before (NULL for add)
    after_json   TEXT                         -- the entry after (NULL for remove)
);

CREATE INDEX faq_edits_by_entry ON faq_edits (entry_id, seq);

CREATE TABLE faq_current (
    entry_id    TEXT    PRIMARY KEY,
    removed     INTEGER NOT NULL CHECK (removed IN (0, 1)),
    entry_json  TEXT,                         -- NULL when removed
    last_edit   INTEGER NOT NULL REFERENCES faq_edits (seq)
);
