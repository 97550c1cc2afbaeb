-- An indicator may be counted from one of the product's registries
-- (training events held, IP titles granted, OCOP ratings…): the report page
-- shows the registry's count beside what the unit reports.
ALTER TABLE indicators ADD COLUMN registry TEXT NOT NULL DEFAULT '';
