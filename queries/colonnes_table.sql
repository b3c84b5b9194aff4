-- grain: one row per column of a base table ($table), in table order;
-- used by: tests/test_ingest.py (the templates must offer every importable column)
SELECT column_name
FROM duckdb_columns()
WHERE schema_name = 'main' AND table_name = $table
ORDER BY column_index;
