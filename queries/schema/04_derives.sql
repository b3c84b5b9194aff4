-- grain: tables derived from the others, refreshed inside every write (build, import, revert,
-- restore) by queries/derives/*.sql, and the filter macro that reads them; used by: every
-- query of the pages (through projets_filtres) and every query that reads money per project.
-- A published base never changes in place, so a table stored at write time is always current;
-- queries/controles/derives_a_jour.sql checks it.

CREATE TABLE projet_enrichi AS SELECT * FROM projet_enrichi_calcul;

CREATE TABLE sources_citees AS SELECT * FROM sources_citees_calcul;

-- « Situation au » (data/README.md): the projects and the ledger as they stood on a past day
-- are computed at read time (projet_enrichi_au, mouvement_net_au in 03_vues.sql) into
-- temporary tables of these names, on the reading cursor only (tid.db runs queries/situation/
-- before any query given a date `au`). The names below stand in for them so that the macros
-- bind; read without that preparation, they stop the query rather than show nothing.
CREATE VIEW projet_enrichi_situation AS
SELECT * FROM projet_enrichi WHERE error('situation au : tables non préparées') IS NULL;

CREATE VIEW mouvement_net_situation AS
SELECT * FROM mouvement_net WHERE error('situation au : tables non préparées') IS NULL;

-- The shared filters, written once (R3), over the stored projet_enrichi: each filter argument
-- is a list of codes; NULL or an empty list means "all". A project matches the theme filter
-- when it carries any selected theme. `au` (« Situation au », a DATE; NULL = now) reads the
-- projects as they stood that day instead: DuckDB drops the unused branch once the parameter
-- is bound, so the current situation costs what it did.
CREATE MACRO projets_filtres(
    programme, vague, region, departement, type_territoire, type_porteur, axe, theme,
    au := NULL
) AS TABLE
SELECT p.*
FROM (
    SELECT * FROM projet_enrichi WHERE au IS NULL
    UNION ALL
    SELECT * FROM projet_enrichi_situation WHERE au IS NOT NULL
) AS p
WHERE (programme IS NULL OR len(programme) = 0 OR list_contains(programme, p.programme_id))
  AND (vague IS NULL OR len(vague) = 0 OR list_contains(vague, p.vague_id))
  AND (region IS NULL OR len(region) = 0 OR list_contains(region, p.region_code))
  AND (departement IS NULL OR len(departement) = 0
       OR list_contains(departement, p.departement_code))
  AND (type_territoire IS NULL OR len(type_territoire) = 0
       OR list_contains(type_territoire, p.type_territoire))
  AND (type_porteur IS NULL OR len(type_porteur) = 0
       OR list_contains(type_porteur, p.type_porteur))
  AND (axe IS NULL OR len(axe) = 0 OR list_contains(axe, p.axe_code))
  AND (theme IS NULL OR len(theme) = 0 OR list_has_any(theme, p.theme_codes));

-- The programme/wave scope, written once (R3) like projets_filtres, for the queries that list
-- waves with or without laureates; vague_libelle is the name every page gives a wave.
CREATE MACRO vagues_filtrees(programme, vague) AS TABLE
SELECT v.*, v.programme_id || ' – vague ' || v.numero AS vague_libelle
FROM vague AS v
WHERE (programme IS NULL OR len(programme) = 0 OR list_contains(programme, v.programme_id))
  AND (vague IS NULL OR len(vague) = 0 OR list_contains(vague, v.vague_id));

-- The ledger with signed amounts (mouvement_net) at `au` (NULL = now), for the queries that
-- list ledger rows beside the filtered projects.
CREATE MACRO mouvements_nets(au := NULL) AS TABLE
SELECT * FROM mouvement_net WHERE au IS NULL
UNION ALL
SELECT * FROM mouvement_net_situation WHERE au IS NOT NULL;
