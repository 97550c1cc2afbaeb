-- The part of a former unit's figures that each successor takes, from the
-- successor map: a former commune counts 1 for the new commune it went into
-- whole and 1/k for each of the k new communes its parts went to. NULL when
-- the map gives no part (figures are then shared equally, and pages say so).
-- Links seeded before this column get the map's rule from their own rows.
ALTER TABLE org_unit_successors ADD COLUMN weight DOUBLE PRECISION;
UPDATE org_unit_successors SET weight = 1.0 / (SELECT COUNT(*) FROM org_unit_successors s WHERE s.from_id = org_unit_successors.from_id);
