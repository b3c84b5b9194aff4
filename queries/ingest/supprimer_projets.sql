-- grain: deletes the stored rows and themes of the projects among $ids (before writing their
-- new version; the old one is already in projet_historique); used by: tid/ingest
DELETE FROM projet WHERE list_contains($ids, projet_id);
