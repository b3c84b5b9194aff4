-- grain: one row per stored project identifier; used by: tid/ingest.py (a file's identifier
-- is matched to the stored one with the same canonical key, tid/identifiants.py)
SELECT projet_id FROM projet;
