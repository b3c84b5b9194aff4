-- grain: one row per unconfirmed indication of one project ($projet_id), in the order of its
-- natures; used by: tid/ui/fiche.py (project sheet). Shown beside the facts, never summed:
-- no other query reads the indication table (tests/test_reconciliation.py).
SELECT
    i.nature,
    i.valeur,
    i.source_url,
    i.pourquoi_incertain,
    i.confiance
FROM indication AS i
WHERE i.projet_id = $projet_id
ORDER BY i.nature;
