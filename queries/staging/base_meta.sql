-- grain: one row, the fingerprint of queries/schema/*.sql the base is built with; used by:
-- tid/db.py (new base)
INSERT INTO base_meta VALUES ('schema_sha256', $schema_sha256);
