-- grain: one row per base table (name), in creation order; used by: tid/db.py (backup, restore)
SELECT table_name
FROM duckdb_tables()
WHERE schema_name = 'main' AND NOT internal
ORDER BY table_oid;
