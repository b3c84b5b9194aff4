-- grain: one row per programme; source: data/seed/programme.csv; used by: tid/db/sauvegarde.py.
-- A backup made before the SCDL granting-body columns existed restores its programmes without
-- them: they are read from data/seed (what a build would hold), matched on programme_id.
UPDATE programme AS p
SET attribuant_nom = NULLIF(s.attribuant_nom, ''),
    attribuant_siret = NULLIF(s.attribuant_siret, ''),
    notification_ue = CAST(NULLIF(s.notification_ue, '') AS BOOLEAN),
    attribuant_source_url = NULLIF(s.attribuant_source_url, ''),
    attribuant_notes = NULLIF(s.attribuant_notes, '')
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"') AS s
WHERE s.programme_id = p.programme_id;
