-- grain: tables derived from the others, refreshed inside every write (build, import, revert,
-- restore) by queries/derives/*.sql; used by: every query that reads money per project.
-- A published base never changes in place, so a table stored at write time is always current;
-- queries/controles/derives_a_jour.sql checks it.

CREATE TABLE projet_montants AS SELECT * FROM projet_montants_calcul;
