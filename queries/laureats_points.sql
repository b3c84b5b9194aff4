-- grain: one row per filtered laureate, with its seat (centroid of the seat commune), how many
-- filtered laureates share that seat and how many have no seat coordinates (both counted over
-- all of them, before $limite); used by: pages/territoires.py, tests/charts/test_cartes.py.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
),
-- the order is stored (projet_enrichi.rang_carte: région, commune, carrier COLLATE fr, id);
-- $limite: the seats table alone needs the first rows (NULL = all, for the map's seats)
premiers AS (
    SELECT * FROM p ORDER BY rang_carte LIMIT $limite
),
-- two laureates may share a seat (Lyon, Toulouse): the map draws one marker for both
par_siege AS (
    SELECT latitude, longitude, count(*) AS nb_projets_meme_siege
    FROM p
    GROUP BY latitude, longitude
),
-- a base may lack seat coordinates (a synthetic one has none): the page says how many
sans_siege AS (
    SELECT coalesce(sum(nb_projets_meme_siege), 0) AS nb_projets_sans_siege
    FROM par_siege
    WHERE latitude IS NULL OR longitude IS NULL
)
SELECT
    p.projet_id,
    p.porteur,
    p.nom_projet,
    p.programme_id,
    v.vague_libelle,
    p.commune_siege,
    p.departement_code,
    d.nom AS departement_libelle,
    p.region_code,
    r.nom AS region_libelle,
    r.est_outre_mer,
    tt.libelle AS type_territoire_libelle,
    tp.libelle AS type_porteur_libelle,
    p.latitude,
    p.longitude,
    p.montant_attribue_eur,
    s.nb_projets_meme_siege,
    ss.nb_projets_sans_siege
FROM premiers AS p
CROSS JOIN sans_siege AS ss
JOIN par_siege AS s
    ON s.latitude IS NOT DISTINCT FROM p.latitude AND s.longitude IS NOT DISTINCT FROM p.longitude
JOIN vagues_filtrees(NULL, NULL) AS v USING (vague_id)
JOIN departement AS d ON d.departement_code = p.departement_code
JOIN region AS r ON r.region_code = p.region_code
JOIN type_territoire AS tt USING (type_territoire)
JOIN type_porteur AS tp USING (type_porteur)
ORDER BY p.rang_carte;
