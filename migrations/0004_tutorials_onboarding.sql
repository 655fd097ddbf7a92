-- Lepton.Bot schema, part 4: tutorial progress and newcomer onboarding.
-- Owners: Features/Tutorials/TutorialProgressStore (tutorial_progress),
--         Features/Onboarding/OnboardingStore (onboarding_members, onboarding_steps, onboarding_interests).

-- One row per member and tutorial: where they are, how far they may go, and when they first finished.
CREATE TABLE tutorial_progress (
    user_id        INTEGER NOT NULL,
    tutorial_id    TEXT    NOT NULL,
    language       TEXT    NOT NULL,             -- 'en' | 'zh': the translation the member reads
    step           INTEGER NOT NULL,             -- 0-based step shown now
    unlocked_step  INTEGER NOT NULL,             -- furthest step the member may open; a check at step s is passed when unlocked_step > s
    wrong_answers  INTEGER NOT NULL DEFAULT 0,
    started_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    completed_at   INTEGER,                      -- first completion; set once, so completion is announced once
    PRIMARY KEY (user_id, tutorial_id),
    CHECK (step >= 0 AND unlocked_step >= step)
);

CREATE INDEX tutorial_progress_completed ON tutorial_progress (tutorial_id, completed_at);

-- A member going through onboarding: set at join (or when they first open their checklist).
CREATE TABLE onboarding_members (
    user_id            INTEGER PRIMARY KEY,
    guild_id           INTEGER,                  -- where interest roles are granted; null when never seen in a guild
    display_name       TEXT    NOT NULL,
    language           TEXT    NOT NULL DEFAULT 'en', -- 'en' | 'zh': the checklist's language
    joined_at          INTEGER,                  -- latest join; null for members who started without a join event
    checklist_channel  TEXT,                     -- the message showing the checklist (DM, or the welcome post), to edit as steps tick
    checklist_message  TEXT,
    direct_message     INTEGER NOT NULL DEFAULT 0, -- 1 when the checklist went by DM
    completed_at       INTEGER
);

CREATE INDEX onboarding_members_joined ON onboarding_members (joined_at);

-- Steps a member has done; a step ticks once (the first time counts).
CREATE TABLE onboarding_steps (
    user_id   INTEGER NOT NULL REFERENCES onboarding_members (user_id),
    step_id   TEXT    NOT NULL,
    done_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, step_id)
);

-- Interests a member picked, so a later pick can remove the roles of interests they dropped.
CREATE TABLE onboarding_interests (
    user_id    INTEGER NOT NULL REFERENCES onboarding_members (user_id),
    choice_id  TEXT    NOT NULL,
    chosen_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, choice_id)
);
