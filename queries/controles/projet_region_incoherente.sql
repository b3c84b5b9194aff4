-- grain: one row per project whose région is not the région of its département;
-- used by: tid/check.py (each file here returns the rows that break one rule).
SELECT p.projet_id AS objet,
       'région ' || p.region_code || ' alors que le département ' || p.departement_code
           || ' est en région ' || d.region_code AS detail
FROM projet AS p JOIN departement AS d USING (departement_code)
WHERE d.region_code <> p.region_code;
