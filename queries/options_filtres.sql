-- grain: one row per option of each shared sidebar filter (filtre, code, libelle, parent);
-- used by: tid/ui/filtres.py. parent = the programme of a wave, the région of a département.
SELECT 'programme' AS filtre, programme_id AS code, programme_id || ' – ' || nom AS libelle,
       NULL::VARCHAR AS parent, ordre
FROM programme
UNION ALL
SELECT 'vague', v.vague_id, v.vague_libelle, v.programme_id, p.ordre * 100 + v.numero
FROM vagues_filtrees(NULL, NULL) AS v JOIN programme AS p USING (programme_id)
UNION ALL
SELECT 'region', region_code, nom, NULL, 0 FROM region
UNION ALL
SELECT 'departement', departement_code, departement_code || ' – ' || nom, region_code, 0
FROM departement
UNION ALL
SELECT 'type_territoire', type_territoire, libelle, NULL, ordre FROM type_territoire
UNION ALL
SELECT 'type_porteur', type_porteur, libelle, NULL, ordre FROM type_porteur
UNION ALL
SELECT 'axe', axe_code, 'Axe ' || axe_code || ' – ' || libelle, NULL, 0 FROM axe
UNION ALL
SELECT 'theme', theme_code, libelle, NULL, ordre FROM theme
ORDER BY filtre, ordre, libelle COLLATE fr, code;
