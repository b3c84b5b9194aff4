-- grain: one row per (laureate, theme); used by: tid/__main__.py (export --format datapackage,
-- resource « projet_theme »).
SELECT pt.projet_id, pt.theme_code
FROM projet_theme AS pt
JOIN theme AS t USING (theme_code)
ORDER BY pt.projet_id, t.ordre;
