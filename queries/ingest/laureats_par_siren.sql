-- grain: one row per laureate of $programme_id whose carrier's SIREN is published; used by:
-- tid/ingest/regles_scdl.py (a SCDL row is matched by its beneficiary's SIREN)
SELECT projet_id, siren_porteur
FROM projet
WHERE programme_id = $programme_id AND siren_porteur IS NOT NULL
ORDER BY projet_id;
