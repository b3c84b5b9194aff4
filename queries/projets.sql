-- grain: one row per filtered project matching the text search ($recherche: project, carrier,
-- partners, commune; accents and case ignored; NULL or '' = no search); used by:
-- pages/projets.py (table and downloads), tid/__main__.py (export): same rows, same order.
WITH trouves AS (
    SELECT * FROM projets_trouves($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au, $recherche)
),
-- the order is stored (projet_enrichi.rang_liste: programme, wave, carrier COLLATE fr, id);
-- $limite: the page shows the first rows only (NULL = all, as in downloads and exports)
premiers AS (
    SELECT * FROM trouves ORDER BY rang_liste LIMIT $limite
)
SELECT
    p.projet_id,
    p.programme_id,
    p.vague_id,
    p.nom_projet,
    p.porteur,
    tp.libelle AS type_porteur,
    tt.libelle AS type_territoire,
    p.siren_porteur,
    p.commune_siege,
    p.code_commune_siege,
    p.departement_code,
    d.nom AS departement,
    p.region_code,
    r.nom AS region,
    CASE WHEN a.axe_code IS NULL THEN 'Axe non publié'
         ELSE 'Axe ' || a.axe_code || ' – ' || a.libelle END AS axe,
    p.themes,
    p.partenaires,
    p.date_annonce,
    p.montant_attribue_eur,
    p.montant_conventionne_eur,
    p.montant_verse_eur,
    p.cout_total_eur,
    p.date_convention,
    CASE
        WHEN p.nb_versements > 0 THEN 'Versement commencé'
        WHEN p.nb_conventions > 0 THEN 'Convention signée'
        ELSE 'Lauréat (convention non publiée)'
    END AS statut,
    p.montant_attribue_eur IS NOT NULL AS est_publie,
    p.source_url,
    p.notes,
    -- totals of every matching row, shown or not (the page states them above the table)
    (SELECT count(*) FROM trouves) AS nb_lignes_total,
    (SELECT count(montant_attribue_eur) FROM trouves) AS nb_lignes_attribution_publiee,
    (SELECT sum(montant_attribue_eur) FROM trouves) AS montant_attribue_total_eur
FROM premiers AS p
JOIN departement AS d USING (departement_code)
JOIN region AS r ON r.region_code = p.region_code
JOIN type_porteur AS tp USING (type_porteur)
JOIN type_territoire AS tt USING (type_territoire)
LEFT JOIN axe AS a USING (axe_code)
ORDER BY p.rang_liste;
