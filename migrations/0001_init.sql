-- Lepton.Bot schema, part 1: members.
-- Conventions for every migration: ids are Discord snowflakes stored as INTEGER (they fit in 63 bits);
-- times are INTEGER Unix milliseconds, UTC; each file runs in one transaction and is never edited
-- after it shipped: add a new NNNN_name.sql instead.

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,   -- platform user id (snowflake, or the console's stable id)
    display_name  TEXT    NOT NULL,
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL
);
