-- grain: one row per stored derived row that differs from the one computed from the other
-- tables and the ledger (a write that skipped the refresh): projects (money chain, themes,
-- display orders), then cited sources, then reversal chains; used by: tid/check.py
SELECT projet_id AS objet, 'montants stockés périmés' AS detail
FROM (
    (SELECT * FROM projet_enrichi EXCEPT SELECT * FROM projet_enrichi_calcul)
    UNION ALL
    (SELECT * FROM projet_enrichi_calcul EXCEPT SELECT * FROM projet_enrichi)
)
UNION ALL
SELECT source_url, 'sources citées stockées périmées'
FROM (
    (SELECT * FROM sources_citees EXCEPT SELECT * FROM sources_citees_calcul)
    UNION ALL
    (SELECT * FROM sources_citees_calcul EXCEPT SELECT * FROM sources_citees)
)
UNION ALL
SELECT mouvement_id::VARCHAR, 'chaîne d''annulations stockée périmée'
FROM (
    (SELECT * FROM mouvement_chaine EXCEPT SELECT * FROM mouvement_chaine_calcul)
    UNION ALL
    (SELECT * FROM mouvement_chaine_calcul EXCEPT SELECT * FROM mouvement_chaine)
);
