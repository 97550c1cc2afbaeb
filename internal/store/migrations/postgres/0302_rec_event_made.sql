-- A timeline step that converted a recommendation names what it made (a
-- proposal draft, an action item, a training event), so the timeline links
-- to it.
ALTER TABLE recommendation_events ADD COLUMN made_type TEXT NOT NULL DEFAULT '';
ALTER TABLE recommendation_events ADD COLUMN made_id TEXT NOT NULL DEFAULT '';
