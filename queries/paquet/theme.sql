-- grain: one row per theme of the controlled vocabulary; used by: tid/__main__.py (export
-- --format datapackage, resource « theme »).
SELECT theme_code, libelle, ordre
FROM theme
ORDER BY ordre;
