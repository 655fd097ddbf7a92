-- Weekly CIFAR-10 training challenges (Features/Challenges owns these tables).

CREATE TABLE challenges (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    slug               TEXT    NOT NULL UNIQUE,      -- what members type: "week-2026-49"
    name               TEXT    NOT NULL,
    description        TEXT    NOT NULL,
    preset             TEXT    NOT NULL,             -- base spec for preset submissions
    max_parameters     INTEGER NOT NULL,
    max_epochs         INTEGER NOT NULL,
    max_minutes        INTEGER NOT NULL,             -- wall-time budget per run
    daily_submissions  INTEGER NOT NULL,             -- per member per UTC day
    channel            TEXT    NOT NULL,             -- where progress and results are posted
    opens_at           INTEGER NOT NULL,
    closes_at          INTEGER NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
    created_by         INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    closed_at          INTEGER
);

CREATE TABLE submissions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id       INTEGER NOT NULL REFERENCES challenges (id),
    member_id          INTEGER NOT NULL,
    member_name        TEXT    NOT NULL,
    source             TEXT    NOT NULL,             -- "preset fast-baseline (lr=0.01)" or "file my.yaml"
    spec_text          TEXT    NOT NULL,             -- the exact spec trained, overrides applied
    status             TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    reason             TEXT,                         -- why it failed or was cancelled, in plain words
    queued_at          INTEGER NOT NULL,
    started_at         INTEGER,
    finished_at        INTEGER,
    public_accuracy    REAL,                         -- on the fixed public half of the test set
    private_accuracy   REAL,                         -- on the other half; shown only after close
    parameters         INTEGER,
    wall_seconds       REAL,
    epochs_completed   REAL,
    dataset            TEXT,                         -- "CIFAR-10" or "synthetic CIFAR-format (...)"
    result_json        TEXT,
    progress_channel   TEXT,                         -- the live progress message, to edit it
    progress_message   TEXT,
    selected           INTEGER NOT NULL DEFAULT 0    -- the member chose this one for the final ranking
);

-- At most one queued or running submission per member per challenge, enforced by the database.
CREATE UNIQUE INDEX submissions_one_active
    ON submissions (challenge_id, member_id) WHERE status IN ('queued', 'running');
CREATE INDEX submissions_queue ON submissions (status, id);
CREATE INDEX submissions_member ON submissions (challenge_id, member_id, queued_at);
