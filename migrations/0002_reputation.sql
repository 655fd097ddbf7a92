-- Lepton.Bot schema, part 2: contribution reputation (Features/Reputation).
-- rep_events is the ledger: append-only (triggers refuse UPDATE and DELETE); a mistake is undone by a
-- compensating "revoke" event. rep_totals is derived from it in the same transaction as each insert
-- (with rep_rank_counts) and can be rebuilt with `lepton-bot rep recompute`.

CREATE TABLE rep_events (
    id           INTEGER PRIMARY KEY,          -- the event number maintainers see (/rep log, /rep revoke)
    receiver_id  INTEGER NOT NULL,             -- member id (snowflake)
    giver_id     INTEGER,                      -- member who gave or awarded; NULL for the system
    points       INTEGER NOT NULL,             -- negative for a revoke
    kind         TEXT    NOT NULL,             -- thanks, reaction, message, award, revoke, tutorial, onboarding, quiz, challenge, github
    reason       TEXT    NOT NULL DEFAULT '',
    source_key   TEXT    NOT NULL UNIQUE,      -- what caused it; the same source never counts twice
    revokes_id   INTEGER REFERENCES rep_events (id),
    week         TEXT    NOT NULL,             -- ISO week (UTC) the points count in, e.g. 2026-W49
    month        TEXT    NOT NULL,             -- month (UTC) the points count in, e.g. 2026-12
    created_at   INTEGER NOT NULL              -- Unix milliseconds, UTC
);

-- /rep show and /rep log: a member's latest events.
CREATE INDEX rep_events_by_receiver ON rep_events (receiver_id, id);

-- Anti-abuse: what a giver gave recently (daily cap, pair cooldown).
CREATE INDEX rep_events_by_giver ON rep_events (giver_id, created_at) WHERE giver_id IS NOT NULL;

-- An event is revoked at most once.
CREATE UNIQUE INDEX rep_events_one_revoke ON rep_events (revokes_id) WHERE revokes_id IS NOT NULL;

CREATE TRIGGER rep_events_append_only_update BEFORE UPDATE ON rep_events
BEGIN
    SELECT RAISE(ABORT, 'rep_events is append-only: add a revoke event instead');
END;

CREATE TRIGGER rep_events_append_only_delete BEFORE DELETE ON rep_events
BEGIN
    SELECT RAISE(ABORT, 'rep_events is append-only: add a revoke event instead');
END;

-- Sums of rep_events.points per member: period 'all', an ISO week ('2026-W49') or a month ('2026-12').
CREATE TABLE rep_totals (
    period     TEXT    NOT NULL,
    member_id  INTEGER NOT NULL,
    points     INTEGER NOT NULL,
    PRIMARY KEY (period, member_id)
) WITHOUT ROWID;

-- Leaderboards and ranks: members of a period by points.
CREATE INDEX rep_totals_by_rank ON rep_totals (period, points DESC, member_id);

-- How many members hold each positive total in a period, so a rank is a short sum over the distinct
-- totals above it instead of a count over every member. Kept in the same transaction as rep_totals.
CREATE TABLE rep_rank_counts (
    period   TEXT    NOT NULL,
    points   INTEGER NOT NULL,   -- a total above 0
    members  INTEGER NOT NULL,   -- members of the period with exactly this total (0 rows may linger)
    PRIMARY KEY (period, points)
) WITHOUT ROWID;

-- GitHub logins members linked (and confirmed) with /link github:.
CREATE TABLE rep_github_links (
    member_id  INTEGER PRIMARY KEY,
    login      TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    linked_at  INTEGER NOT NULL
);
