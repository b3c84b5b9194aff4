-- grain: one row per axis of the call; used by: tid/__main__.py (export --format datapackage,
-- resource « axe »).
SELECT axe_code, libelle, description, source_url
FROM axe
ORDER BY axe_code;
