-- grain: one row per type of carrier; used by: tid/__main__.py (export --format datapackage,
-- resource « type_porteur »).
SELECT type_porteur, libelle, ordre
FROM type_porteur
ORDER BY ordre;
