-- grain: one row: the table $table read in full, every value of every row hashed. DuckDB
-- checks each block's checksum as it reads it, so a truncated or damaged file fails here
-- (counting rows or non-NULL values alone can be answered from metadata and validity masks,
-- which missed damaged data blocks); used by: tid/db.py (ensure_base, reconstruire, check)
SELECT count(*) AS nb_lignes, bit_xor(hash(t)) AS empreinte
FROM query_table($table) AS t;
