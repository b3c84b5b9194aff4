-- grain: views and table macros every query reads; used by: all queries in queries/*.sql.

-- One row per ledger event with its signed amount (an « annulation » subtracts from the
-- attributed amount) and whether it still counts: a row that reverses another (correction or
-- revert of an import) and the row it reverses both stop counting, so the ledger stays
-- append-only and a reverted amount goes back to « non publié », not to 0.
CREATE VIEW mouvement_net AS
SELECT
    m.*,
    CASE WHEN m.nature = 'annulation' THEN 'attribution' ELSE m.nature END AS etape,
    m.montant_eur
        * (CASE WHEN m.nature = 'annulation' THEN -1 ELSE 1 END)
        * (CASE WHEN m.annule_mouvement_id IS NULL THEN 1 ELSE -1 END) AS montant_signe_eur,
    m.annule_mouvement_id IS NULL
        AND m.mouvement_id NOT IN (
            SELECT annule_mouvement_id FROM mouvement WHERE annule_mouvement_id IS NOT NULL
        ) AS est_effectif
FROM mouvement AS m;

-- The shared filters, written once (R3): each argument is a list of codes; NULL or an empty
-- list means "all". A project matches the theme filter when it carries any selected theme.
CREATE MACRO projets_filtres(
    programme, vague, region, departement, type_territoire, type_porteur, axe, theme
) AS TABLE
SELECT p.*
FROM projet AS p
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
  AND (theme IS NULL OR len(theme) = 0
       OR EXISTS (SELECT 1 FROM projet_theme AS pt
                  WHERE pt.projet_id = p.projet_id AND list_contains(theme, pt.theme_code)));

-- One row per project with its money chain, from the rows that still count (published
-- amounts only; NULL = nothing published). Computed here, stored in projet_montants
-- (04_derives.sql) by every write, so readers never recompute it (ledger of 1 M rows).
CREATE VIEW projet_montants_calcul AS
SELECT
    p.projet_id,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'attribution') AS montant_attribue_eur,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'convention') AS montant_conventionne_eur,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'versement') AS montant_verse_eur,
    count(*) FILTER (WHERE m.nature = 'convention') AS nb_conventions,
    min(m.date_mouvement) FILTER (WHERE m.nature = 'convention') AS date_convention,
    count(*) FILTER (WHERE m.nature = 'versement') AS nb_versements
FROM projet AS p
LEFT JOIN mouvement_net AS m ON m.projet_id = p.projet_id AND m.est_effectif
GROUP BY p.projet_id;
