-- Closing a challenge and publishing its results (rewards, results post) are two steps; this records
-- the second, so results interrupted by a crash or a failed post are published when the bot is back.

ALTER TABLE challenges ADD COLUMN results_published_at INTEGER;

-- Challenges closed before this column existed had their results published at the close.
UPDATE challenges SET results_published_at = closed_at WHERE status = 'closed';
