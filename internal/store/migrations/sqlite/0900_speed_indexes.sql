-- Speed at national scale (issue 13). Every page counts the user's unread
-- notices for the menu; the reminder jobs give a Sở's specialists and
-- leaders tens of thousands of notices, so the count reads only the
-- unread ones, from the index alone.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
