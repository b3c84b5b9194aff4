-- grain: one row: the fingerprint of queries/schema/*.sql the base was built with (NULL when
-- base_meta has no such row); used by: tid/db.py (ensure_base), bench/concurrence.py
SELECT (SELECT valeur FROM base_meta WHERE cle = 'schema_sha256') AS schema_sha256;
