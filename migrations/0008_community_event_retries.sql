-- Community events (a tutorial finished, a quiz result, a challenge place) whose handler failed, e.g.
-- the reputation ledger was busy or the disk was full. Chat/CommunityEvents owns this table: it retries
-- them in the background until the handler succeeds (handlers are idempotent on the event's source key).

CREATE TABLE community_event_retries (
    id           INTEGER PRIMARY KEY,
    handler      TEXT    NOT NULL,    -- the handler's type name
    source_key   TEXT    NOT NULL,    -- the event's source key
    event_json   TEXT    NOT NULL,    -- the event, to publish again
    attempts     INTEGER NOT NULL,
    last_error   TEXT    NOT NULL,
    next_try_at  INTEGER NOT NULL,    -- Unix milliseconds, UTC
    UNIQUE (handler, source_key)
);
