-- Lepton.Bot schema, part 5: quizzes (owner: Features/Quizzes/QuizStore).
-- Solo quizzes, channel rounds (and the daily question, a one-question round) and every answer.
-- Questions are stored by bank id, not text, so maintainers can fix a typo without breaking history.

CREATE TABLE quiz_sessions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL,
    guild_id          INTEGER,
    topic             TEXT    NOT NULL,
    language          TEXT    NOT NULL,                -- en | zh: the bank language served
    difficulty        TEXT,                            -- easy | medium | hard; NULL = mixed
    question_seconds  INTEGER NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'open', -- open | finished | quit
    started_at        INTEGER NOT NULL,
    finished_at       INTEGER
);

-- At most one open solo quiz per member: /quiz start resumes it (also after a restart).
CREATE UNIQUE INDEX quiz_sessions_one_open ON quiz_sessions (user_id) WHERE status = 'open';

CREATE TABLE quiz_session_questions (
    session_id   INTEGER NOT NULL REFERENCES quiz_sessions (id),
    position     INTEGER NOT NULL,                     -- 0-based order in the quiz
    question_id  TEXT    NOT NULL,
    served_at    INTEGER,                              -- when first shown: the timer starts here
    PRIMARY KEY (session_id, position)
);

CREATE TABLE quiz_rounds (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    kind              TEXT    NOT NULL,                -- round | daily
    guild_id          INTEGER,
    channel           TEXT    NOT NULL,                -- channel name as IChatChannels takes it
    topic             TEXT    NOT NULL,
    language          TEXT    NOT NULL,
    started_by        INTEGER,                         -- maintainer id; NULL for the daily question
    question_seconds  INTEGER NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'open', -- open | finished
    daily_slot        INTEGER,                         -- daily only: the scheduled time, so a slot posts once
    started_at        INTEGER NOT NULL,
    finished_at       INTEGER
);

CREATE UNIQUE INDEX quiz_rounds_daily_slot ON quiz_rounds (daily_slot) WHERE daily_slot IS NOT NULL;
CREATE INDEX quiz_rounds_open ON quiz_rounds (status) WHERE status = 'open';

CREATE TABLE quiz_round_questions (
    round_id      INTEGER NOT NULL REFERENCES quiz_rounds (id),
    position      INTEGER NOT NULL,
    question_id   TEXT    NOT NULL,
    posted_at     INTEGER,                             -- NULL until posted
    deadline      INTEGER,                             -- posted_at + question_seconds
    message_channel TEXT,                              -- SentMessage of the post, to edit it at the reveal
    message_id    TEXT,
    revealed_at   INTEGER,
    PRIMARY KEY (round_id, position)
);

-- One row per member per question, for solo quizzes and rounds alike; the unique indexes are the
-- "one answer per question" rule. chosen is '' when the timer ran out (counts as unanswered).
CREATE TABLE quiz_answers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL,
    session_id   INTEGER REFERENCES quiz_sessions (id),
    round_id     INTEGER REFERENCES quiz_rounds (id),
    position     INTEGER NOT NULL,
    topic        TEXT    NOT NULL,
    question_id  TEXT    NOT NULL,
    chosen       TEXT    NOT NULL,                     -- comma-separated 0-based option indices
    correct      INTEGER NOT NULL,                     -- 0 | 1
    points       INTEGER NOT NULL,
    elapsed_ms   INTEGER NOT NULL,
    answered_at  INTEGER NOT NULL,
    CHECK ((session_id IS NULL) <> (round_id IS NULL))
);

CREATE UNIQUE INDEX quiz_answers_solo_once ON quiz_answers (session_id, position) WHERE session_id IS NOT NULL;
CREATE UNIQUE INDEX quiz_answers_round_once ON quiz_answers (round_id, position, user_id) WHERE round_id IS NOT NULL;
CREATE INDEX quiz_answers_by_user ON quiz_answers (user_id, id);
-- Covers the leaderboard (sum of points per member since a time) without touching the table rows.
CREATE INDEX quiz_answers_points ON quiz_answers (user_id, answered_at, points, correct);
