-- grain: one row for the filtered projects (the KPI row); used by: vues/vue_ensemble.py,
-- tests/test_reconciliation.py. Amounts are published amounts only; NULL = none published.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
),
m AS (
    SELECT * FROM p
),
levier AS (
    SELECT count(*) AS nb_projets_levier,
           sum(cout_total_eur) AS cout_total_levier_eur,
           sum(montant_attribue_eur) AS aide_levier_eur
    FROM m WHERE montant_attribue_eur > 0 AND cout_total_eur > 0
),
vagues_perimetre AS (
    SELECT v.*
    FROM vague AS v
    WHERE (len($programme) = 0 OR list_contains($programme, v.programme_id))
      AND (len($vague) = 0 OR list_contains($vague, v.vague_id))
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
            FROM vagues_perimetre)
        END AS enveloppe_eur
)
SELECT
    (SELECT enveloppe_eur FROM enveloppe) AS enveloppe_eur,
    count(*) AS nb_projets,
    count(m.montant_attribue_eur) AS nb_projets_attribution_publiee,
    sum(m.montant_attribue_eur) AS montant_attribue_eur,
    count(*) FILTER (WHERE m.nb_conventions > 0) AS nb_projets_conventionnes,
    count(m.montant_conventionne_eur) AS nb_projets_convention_publiee,
    sum(m.montant_conventionne_eur) AS montant_conventionne_eur,
    count(*) FILTER (WHERE m.nb_versements > 0) AS nb_projets_verses,
    count(m.montant_verse_eur) AS nb_projets_versement_publie,
    sum(m.montant_verse_eur) AS montant_verse_eur,
    -- an upper bound while amounts are missing: envelope minus what is published as attributed
    (SELECT enveloppe_eur FROM enveloppe) - coalesce(sum(m.montant_attribue_eur), 0)
        AS reste_a_attribuer_max_eur,
    (SELECT nb_projets_levier FROM levier) AS nb_projets_levier,
    (SELECT cout_total_levier_eur / aide_levier_eur FROM levier) AS effet_levier
FROM m;
