-- grain: deletes the theme rows of the projects among $ids; used by: tid/ingest
DELETE FROM projet_theme WHERE list_contains($ids, projet_id);
