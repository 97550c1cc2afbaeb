-- Long imports are a queue in the database: the uploaded file waits in
-- payload until a server claims the job; a claim holds a lease the worker
-- renews while it works, so a job whose server crashed is taken again (or
-- failed after a few tries) instead of staying "running" for ever. params
-- says what to import (JSON), result how many rows were written.
ALTER TABLE import_jobs ADD COLUMN payload BYTEA;
ALTER TABLE import_jobs ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE import_jobs ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE import_jobs ADD COLUMN worker TEXT NOT NULL DEFAULT '';
ALTER TABLE import_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN result INTEGER NOT NULL DEFAULT 0;
CREATE INDEX import_jobs_status ON import_jobs (status, lease_until);
