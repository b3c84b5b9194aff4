-- grain: one row per ledger event known on $au, with its signed amount and whether it counts
-- then, into a temporary table of this cursor (queries then read it through mouvements_nets);
-- used by: tid/db (before any query given a date au)
CREATE OR REPLACE TEMP TABLE mouvement_net_situation AS
SELECT * EXCLUDE (connu_le) FROM mouvement_net_au($au, $date_extraction);
