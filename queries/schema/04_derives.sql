-- grain: tables derived from the others, refreshed inside every write (build, import, revert,
-- restore) by queries/derives/*.sql, and the filter macro that reads them; used by: every
-- query of the pages (through projets_filtres) and every query that reads money per project.
-- A published base never changes in place, so a table stored at write time is always current;
-- queries/controles/derives_a_jour.sql checks it.

CREATE TABLE projet_enrichi AS SELECT * FROM projet_enrichi_calcul;

CREATE TABLE sources_citees AS SELECT * FROM sources_citees_calcul;

-- The shared filters, written once (R3), over projet_enrichi: each filter argument is a list
-- of codes; NULL or an empty list means "all". A project matches the theme filter when it
-- carries any selected theme. `au` (« Situation au », a DATE; NULL = now) names the day the
-- data are read at: for a past day, tid.db first computes the projects and the ledger as they
-- stood (queries/situation/) into temporary tables named projet_enrichi and mouvement_net on
-- the reading cursor only, which these names then resolve to; the current situation reads the
-- stored table, with the same plan as before the date existed.
CREATE MACRO projets_filtres(
    programme, vague, region, departement, type_territoire, type_porteur, axe, theme,
    au := NULL
) AS TABLE
SELECT p.*
FROM projet_enrichi AS p
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

-- The filtered laureates whose text matches the « Projets » search (project, carrier,
-- partners, commune; accents and case ignored; NULL or '' = no search): written once for the
-- list, its downloads and the SCDL file, which must hold the same laureates.
CREATE MACRO projets_trouves(
    programme, vague, region, departement, type_territoire, type_porteur, axe, theme, au,
    recherche
) AS TABLE
SELECT *
FROM projets_filtres(programme, vague, region, departement, type_territoire, type_porteur,
                     axe, theme, au)
WHERE recherche IS NULL OR trim(recherche) = ''
   OR texte_recherche LIKE '%' || strip_accents(lower(trim(recherche))) || '%';

-- The programme/wave scope, written once (R3) like projets_filtres, for the queries that list
-- waves with or without laureates; vague_libelle is the name every page gives a wave.
CREATE MACRO vagues_filtrees(programme, vague) AS TABLE
SELECT v.*, v.programme_id || ' – vague ' || v.numero AS vague_libelle
FROM vague AS v
WHERE (programme IS NULL OR len(programme) = 0 OR list_contains(programme, v.programme_id))
  AND (vague IS NULL OR len(vague) = 0 OR list_contains(vague, v.vague_id));

-- The ledger with signed amounts, at `au` (NULL = now) like projets_filtres: a past day's
-- mouvement_net is the cursor's temporary table; used by the queries listing ledger rows.
CREATE MACRO mouvements_nets(au := NULL) AS TABLE
SELECT * FROM mouvement_net;
