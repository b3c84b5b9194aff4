-- grain: one row per project identifier that is not in canonical form (lower-case ASCII
-- letters, digits, « - », « _ », « . ») and per group of identifiers that only case, accents or
-- invisible characters tell apart (two rows for one laureate); used by: tid/check.py
SELECT projet_id AS objet,
       'identifiant non canonique (minuscules sans accent, chiffres, « - », « _ », « . »)'
           AS detail
FROM projet
WHERE NOT regexp_full_match(projet_id, '[a-z0-9][a-z0-9._-]{0,63}')
UNION ALL
SELECT string_agg(projet_id, ' / ' ORDER BY projet_id),
       count(*) || ' identifiants pour un même projet'
FROM projet
GROUP BY regexp_replace(lower(strip_accents(nfc_normalize(projet_id))), '[\p{Cf}\s]', '', 'g')
HAVING count(*) > 1;
