-- grain: one row per filtered project matching the text search ($recherche: project, carrier,
-- partners, commune; accents and case ignored; NULL or '' = no search); used by:
-- vues/projets.py (table and downloads), tid/__main__.py (export): same rows, same order.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme)
),
themes AS (
    SELECT pt.projet_id, string_agg(t.libelle, ' ; ' ORDER BY t.ordre) AS themes
    FROM projet_theme AS pt JOIN theme AS t USING (theme_code)
    GROUP BY pt.projet_id
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
    th.themes,
    p.partenaires,
    p.date_annonce,
    pm.montant_attribue_eur,
    pm.montant_conventionne_eur,
    pm.montant_verse_eur,
    p.cout_total_eur,
    pm.date_convention,
    CASE
        WHEN pm.nb_versements > 0 THEN 'Versement commencé'
        WHEN pm.nb_conventions > 0 THEN 'Convention signée'
        ELSE 'Lauréat (convention non publiée)'
    END AS statut,
    pm.montant_attribue_eur IS NOT NULL AS est_publie,
    p.source_url,
    p.notes,
    count(*) OVER () AS nb_lignes_total
FROM p
JOIN projet_montants AS pm USING (projet_id)
JOIN departement AS d USING (departement_code)
JOIN region AS r ON r.region_code = p.region_code
JOIN type_porteur AS tp USING (type_porteur)
JOIN type_territoire AS tt USING (type_territoire)
LEFT JOIN axe AS a USING (axe_code)
LEFT JOIN themes AS th USING (projet_id)
WHERE $recherche IS NULL OR trim($recherche) = ''
   OR strip_accents(lower(concat_ws(' ', p.nom_projet, p.porteur, p.partenaires, p.commune_siege,
                                    p.projet_id)))
      LIKE '%' || strip_accents(lower(trim($recherche))) || '%'
ORDER BY (SELECT pr.ordre FROM programme AS pr WHERE pr.programme_id = p.programme_id),
         p.vague_id, p.porteur COLLATE fr, p.projet_id
-- $limite: the page shows the first rows only (NULL = all, as in downloads and exports)
LIMIT $limite;
