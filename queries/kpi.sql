-- grain: one row for the filtered projects (the KPI row); used by: dashboard.py, pages/vagues.py,
-- pages/methode.py, tests/test_reconciliation.py. Amounts are published amounts only; NULL = none
-- published.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
),
enveloppe AS (
    -- The envelope of the programmes in scope, or of the chosen waves; NULL when one of the
    -- chosen waves has no published envelope (never a partial sum shown as the whole).
    SELECT CASE
        WHEN len($vague) = 0 THEN (
            SELECT sum(enveloppe_eur) FROM programme
            WHERE len($programme) = 0 OR list_contains($programme, programme_id))
        ELSE (
            SELECT CASE WHEN count(*) = count(enveloppe_eur) THEN sum(enveloppe_eur) END
            FROM vagues_filtrees($programme, $vague))
        END AS enveloppe_eur
),
-- one pass over the filtered projects; the leverage counts the projects with both a
-- published aid and a published total cost
totaux AS (
    SELECT
        count(*) AS nb_projets,
        count(montant_attribue_eur) AS nb_projets_attribution_publiee,
        sum(montant_attribue_eur) AS montant_attribue_eur,
        count(*) FILTER (WHERE nb_conventions > 0) AS nb_projets_conventionnes,
        count(montant_conventionne_eur) AS nb_projets_convention_publiee,
        sum(montant_conventionne_eur) AS montant_conventionne_eur,
        count(*) FILTER (WHERE nb_versements > 0) AS nb_projets_verses,
        count(montant_verse_eur) AS nb_projets_versement_publie,
        sum(montant_verse_eur) AS montant_verse_eur,
        count(*) FILTER (WHERE montant_attribue_eur > 0 AND cout_total_eur > 0)
            AS nb_projets_levier,
        sum(cout_total_eur) FILTER (WHERE montant_attribue_eur > 0 AND cout_total_eur > 0)
            AS cout_total_levier_eur,
        sum(montant_attribue_eur) FILTER (WHERE montant_attribue_eur > 0 AND cout_total_eur > 0)
            AS aide_levier_eur
    FROM p
)
SELECT
    e.enveloppe_eur,
    t.nb_projets,
    t.nb_projets_attribution_publiee,
    t.nb_projets_attribution_publiee / nullif(t.nb_projets, 0) AS couverture_attribution_pct,
    -- the laureates queries/projets_sans_montant.sql lists, all counted (it shows the first ones)
    t.nb_projets - t.nb_projets_attribution_publiee AS nb_projets_sans_attribution_publiee,
    t.montant_attribue_eur,
    t.nb_projets_conventionnes,
    t.nb_projets_convention_publiee,
    t.montant_conventionne_eur,
    t.nb_projets_verses,
    t.nb_projets_versement_publie,
    t.montant_verse_eur,
    -- an upper bound while amounts are missing: envelope minus what is published as attributed
    e.enveloppe_eur - coalesce(t.montant_attribue_eur, 0) AS reste_a_attribuer_max_eur,
    t.nb_projets_levier,
    t.cout_total_levier_eur / t.aide_levier_eur AS effet_levier
FROM totaux AS t CROSS JOIN enveloppe AS e;
