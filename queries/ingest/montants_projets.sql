-- grain: one row per stored project among $ids: its published money chain as every page shows
-- it (NULL = nothing published); used by: tid/ingest (amounts after each row of a file)
SELECT projet_id, montant_attribue_eur, montant_conventionne_eur, montant_verse_eur
FROM projet_enrichi
WHERE list_contains($ids, projet_id);
