-- grain: one row per ledger event known on $au, with its signed amount and whether it counts
-- then, into a temporary table named like the view mouvement_net on this cursor only, which
-- the queries then read; used by: tid/db (before any query given a date au)
CREATE OR REPLACE TEMP TABLE mouvement_net AS
SELECT * EXCLUDE (connu_le) FROM mouvement_net_au($au, $date_extraction);
