-- grain: one row per project standing on $au, as projet_enrichi holds the current ones, into a
-- temporary table of this cursor (queries then read it through projets_filtres); used by:
-- tid/db (before any query given a date au)
CREATE OR REPLACE TEMP TABLE projet_enrichi_situation AS
SELECT * FROM projet_enrichi_au($au, $date_extraction);
