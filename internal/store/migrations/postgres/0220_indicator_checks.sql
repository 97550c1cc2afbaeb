-- The soft check against the previous period becomes a ratio that every
-- numeric indicator has (default 3: more than three times, or less than a
-- third of, the previous value needs a comment), kept per indicator. A
-- former maximum change of p% becomes the ratio 1 + p/100.
ALTER TABLE indicators ADD COLUMN change_ratio DOUBLE PRECISION NOT NULL DEFAULT 3;
UPDATE indicators SET change_ratio = 1 + max_change_pct / 100 WHERE max_change_pct IS NOT NULL AND max_change_pct > 0;
ALTER TABLE indicators DROP COLUMN max_change_pct;
-- Counts of things (models, applications, people): whole numbers, and
-- whole-number estimates on today's units.
ALTER TABLE indicators ADD COLUMN whole_number BOOLEAN NOT NULL DEFAULT FALSE;
