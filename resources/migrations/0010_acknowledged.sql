-- Version 10: when the user confirmed having saved a code set's codes (SPEC §4
-- `code_set.acknowledged_at`, read by UNSEEN_REGENERATION). Three states: not reported
-- (ack_reported 0), never confirmed (ack_reported 1, acknowledged_at NULL), confirmed at a time.
ALTER TABLE code_sets ADD COLUMN ack_reported INTEGER NOT NULL DEFAULT 0;
ALTER TABLE code_sets ADD COLUMN acknowledged_at {{INT64}};
