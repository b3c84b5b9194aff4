-- grain: one row per project whose stored money chain differs from the one computed from the
-- ledger (a write that skipped the refresh); used by: tid/check.py
SELECT projet_id AS objet, 'montants stockés périmés' AS detail
FROM (
    (SELECT * FROM projet_enrichi EXCEPT SELECT * FROM projet_enrichi_calcul)
    UNION ALL
    (SELECT * FROM projet_enrichi_calcul EXCEPT SELECT * FROM projet_enrichi)
);
