-- grain: one row per project standing on $au, as the stored projet_enrichi holds the current
-- ones, into a temporary table of the same name on this cursor only, which the queries then
-- read; used by: tid/db (before any query given a date au)
CREATE OR REPLACE TEMP TABLE projet_enrichi AS
SELECT * FROM projet_enrichi_au($au, $date_extraction);
