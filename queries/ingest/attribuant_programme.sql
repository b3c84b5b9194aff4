-- grain: one row, the programme $programme_id: its granting body in SCDL terms (NULL when not
-- published); used by: tid/ingest/regles_scdl.py (a matched row granted by another body is
-- pointed out)
SELECT attribuant_nom, attribuant_siret
FROM programme
WHERE programme_id = $programme_id;
