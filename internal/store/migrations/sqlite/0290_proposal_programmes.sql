-- Links of calls to the programmes they serve and of proposals to the
-- programme indicators they serve. Numbered after the programmes schema
-- (0200) because its foreign keys need those tables; kept at the end of that
-- range, clear of the programmes area's own next numbers.
CREATE TABLE call_programmes (
    call_id      TEXT NOT NULL REFERENCES calls (id),
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (call_id, programme_id)
);
CREATE INDEX call_programmes_programme ON call_programmes (programme_id);

CREATE TABLE proposal_indicators (
    proposal_id  TEXT NOT NULL REFERENCES proposals (id),
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    PRIMARY KEY (proposal_id, indicator_id)
);
CREATE INDEX proposal_indicators_indicator ON proposal_indicators (indicator_id);
