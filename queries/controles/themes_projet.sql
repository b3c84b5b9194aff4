-- grain: one row per project with no theme, more than three, or « non publié » mixed with
-- real themes; used by: tid/check.py
SELECT p.projet_id AS objet,
       count(pt.theme_code) || ' thème(s) : ' || coalesce(string_agg(pt.theme_code, ', '), '')
           AS detail
FROM projet AS p LEFT JOIN projet_theme AS pt USING (projet_id)
GROUP BY p.projet_id
HAVING count(pt.theme_code) NOT BETWEEN 1 AND 3
    OR (bool_or(pt.theme_code = 'non_publie') AND count(pt.theme_code) > 1);
