-- Login throttling reserves each attempt before the password is hashed;
-- failures counts the attempts of the day-long window that began at
-- window_start. Old keys are deleted by window_start.
CREATE INDEX login_throttle_window ON login_throttle (window_start);

-- Browsers (a device cookie, hashed) and addresses an account has logged in
-- from: they keep their own throttle, so a stranger guessing at a login does
-- not lock its owner out.
CREATE TABLE known_clients (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client  TEXT NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, client)
);
CREATE INDEX known_clients_seen ON known_clients (seen_at);
