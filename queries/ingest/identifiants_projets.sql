-- grain: one row per stored project identifier; used by: tid/ingest (a file's identifier
-- is matched to the stored one with the same canonical key, tid/ingest/identifiants.py)
SELECT projet_id FROM projet;
