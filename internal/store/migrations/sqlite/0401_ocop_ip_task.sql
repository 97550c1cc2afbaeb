-- An IP title links to the S&T task (an approved or published proposal)
-- that produced it; task_ref stays for tasks outside khcn.
ALTER TABLE ocop_ip_titles ADD COLUMN task_id TEXT REFERENCES proposals (id);
CREATE INDEX ocop_ip_titles_task ON ocop_ip_titles (task_id);
