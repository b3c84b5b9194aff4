-- grain: one row per stored project among $ids, with its theme codes (« ; »-joined); used by:
-- tid/ingest (diff of a projects file, checks of a ledger file)
SELECT
    p.*,
    (SELECT string_agg(pt.theme_code, ';' ORDER BY pt.theme_code)
     FROM projet_theme AS pt WHERE pt.projet_id = p.projet_id) AS themes
FROM projet AS p
WHERE list_contains($ids, p.projet_id);
