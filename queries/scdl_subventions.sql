-- grain: one row per filtered laureate, with what a SCDL « subventions » row needs (granting
-- body, beneficiary, convention date, attributed amount, payments); used by: tid/exports/scdl.py
-- (python -m tid export --format scdl, download on « Projets »). The amounts are the ones every
-- page reads (projet_enrichi, same filters and search as queries/projets.sql); which rows can be
-- published, and why the others cannot, is decided in Python from these columns.
WITH p AS (
    SELECT * FROM projets_trouves($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au, $recherche)
),
-- the payments that still count (a reversed one does not): the period of payment SCDL asks for
versements AS (
    SELECT m.projet_id,
           min(m.date_mouvement) AS premier_versement,
           max(m.date_mouvement) AS dernier_versement,
           count(*) AS nb_versements
    FROM mouvements_nets($au) AS m
    WHERE m.nature = 'versement' AND m.est_effectif
      AND m.projet_id IN (SELECT projet_id FROM p)
    GROUP BY m.projet_id
)
SELECT
    p.projet_id,
    p.programme_id,
    p.vague_id,
    w.vague_libelle,
    pr.nom AS programme_nom,
    pr.attribuant_nom,
    pr.attribuant_siret,
    pr.notification_ue,
    p.porteur,
    p.siren_porteur,
    p.nom_projet,
    p.date_convention,
    p.montant_attribue_eur,
    p.montant_conventionne_eur,
    v.premier_versement,
    v.dernier_versement,
    coalesce(v.nb_versements, 0) AS nb_versements
FROM p
JOIN programme AS pr USING (programme_id)
JOIN vagues_filtrees(NULL, NULL) AS w USING (vague_id)
LEFT JOIN versements AS v USING (projet_id)
ORDER BY p.rang_liste;
