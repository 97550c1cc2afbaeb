-- Indicators reported in annual periods only (e.g. a yearly ranking).
ALTER TABLE indicators ADD COLUMN annual_only BOOLEAN NOT NULL DEFAULT FALSE;

-- One indicator across every unit (a national roll-up, a trend) reads this
-- index alone: it holds the values, so the 3,4-million-row table is not
-- visited row by row.
CREATE INDEX report_values_indicator ON report_values (indicator_id, report_id, num, money);
