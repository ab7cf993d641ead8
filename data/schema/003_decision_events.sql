-- A poll decision says whether an event (a failed check, a backoff ending, a verification
-- due, a network change) set that check instead of the plan: such checks are not charged
-- to the daily budget. Rows written before this column are judged by their rationale.
ALTER TABLE decisions ADD COLUMN event INTEGER NOT NULL DEFAULT 0;
UPDATE decisions SET event = 1 WHERE kind = 'poll' AND rationale LIKE 'event: %';
