-- grain: one row per wave; used by: tid/__main__.py (export --format datapackage, resource
-- « vague »).
SELECT
    v.vague_id, v.programme_id, v.numero, v.date_ouverture, v.date_cloture_annoncee,
    v.date_cloture_effective, v.date_resultats, v.enveloppe_eur, v.nb_candidatures,
    v.nb_laureats_publie, v.source_url, v.notes
FROM vague AS v
JOIN programme AS p USING (programme_id)
ORDER BY p.ordre, v.numero;
