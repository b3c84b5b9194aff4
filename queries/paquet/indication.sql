-- grain: one row per (laureate, nature) of an unconfirmed indication; used by: tid/__main__.py
-- (export --format datapackage, resource « indication »). Published as the project sheet shows
-- them, never summed (data/README.md).
SELECT projet_id, nature, valeur, source_url, pourquoi_incertain, confiance
FROM indication
ORDER BY projet_id, nature;
