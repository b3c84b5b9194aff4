-- grain: one row per project whose territory type breaks the checkable part of the rule table
-- in data/README.md (overseas first, then région/département, then métropole); used by: tid/check.py
SELECT projet_id AS objet,
       'type_territoire ' || type_territoire || ' pour un porteur ' || type_porteur
           || ' du département ' || departement_code AS detail
FROM projet
WHERE (departement_code LIKE '97%') <> (type_territoire = 'outre_mer')
   OR (departement_code NOT LIKE '97%' AND type_porteur IN ('region', 'departement')
       AND type_territoire <> 'echelle_departementale_regionale')
   OR (departement_code NOT LIKE '97%' AND type_porteur = 'metropole'
       AND type_territoire <> 'metropole_grand_paris');
