-- grain: one row per type of territory (the rule table of data/README.md); used by:
-- tid/__main__.py (export --format datapackage, resource « type_territoire »).
SELECT type_territoire, libelle, ordre, regle
FROM type_territoire
ORDER BY ordre;
