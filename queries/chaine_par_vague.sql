-- grain: one row per wave in the programme/wave scope (waves without a matching project kept,
-- with zero projects); used by: dashboard.py, tests/test_reconciliation.py.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
),
par_vague AS (
    SELECT
        p.vague_id,
        count(*) AS nb_projets,
        count(p.montant_attribue_eur) AS nb_projets_attribution_publiee,
        sum(p.montant_attribue_eur) AS montant_attribue_eur,
        max(p.montant_attribue_eur) AS montant_max_projet_eur,
        count(*) FILTER (WHERE p.nb_conventions > 0) AS nb_projets_conventionnes,
        count(p.montant_conventionne_eur) AS nb_projets_convention_publiee,
        sum(p.montant_conventionne_eur) AS montant_conventionne_eur,
        count(*) FILTER (WHERE p.nb_versements > 0) AS nb_projets_verses,
        sum(p.montant_verse_eur) AS montant_verse_eur
    FROM p
    GROUP BY p.vague_id
)
SELECT
    v.vague_id,
    v.programme_id,
    v.numero,
    v.vague_libelle,
    v.enveloppe_eur,
    v.nb_laureats_publie,
    coalesce(pv.nb_projets, 0) AS nb_projets,
    coalesce(pv.nb_projets_attribution_publiee, 0) AS nb_projets_attribution_publiee,
    pv.montant_attribue_eur,
    pv.montant_max_projet_eur / nullif(pv.montant_attribue_eur, 0) AS part_max_projet_pct,
    coalesce(pv.nb_projets_conventionnes, 0) AS nb_projets_conventionnes,
    coalesce(pv.nb_projets_convention_publiee, 0) AS nb_projets_convention_publiee,
    pv.montant_conventionne_eur,
    coalesce(pv.nb_projets_verses, 0) AS nb_projets_verses,
    pv.montant_verse_eur
FROM vagues_filtrees($programme, $vague) AS v
JOIN programme AS pr ON pr.programme_id = v.programme_id
LEFT JOIN par_vague AS pv USING (vague_id)
ORDER BY pr.ordre, v.numero;
