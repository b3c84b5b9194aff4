-- grain: one row per project whose wave belongs to another programme; used by: tid/check.py
SELECT p.projet_id AS objet,
       'programme ' || p.programme_id || ' mais vague ' || v.vague_id || ' du programme '
           || v.programme_id AS detail
FROM projet AS p JOIN vague AS v USING (vague_id)
WHERE v.programme_id <> p.programme_id;
