-- grain: one row per project whose published money chain climbs (versé above conventionné or
-- attribué, conventionné above attribué), compared only where both amounts are published;
-- used by: tid/check.py
SELECT projet_id AS objet,
       'versé ' || montant_verse_eur || ' € > conventionné ' || montant_conventionne_eur || ' €'
           AS detail
FROM projet_enrichi WHERE montant_verse_eur > montant_conventionne_eur
UNION ALL
SELECT projet_id, 'versé ' || montant_verse_eur || ' € > attribué ' || montant_attribue_eur || ' €'
FROM projet_enrichi WHERE montant_verse_eur > montant_attribue_eur
UNION ALL
SELECT projet_id,
       'conventionné ' || montant_conventionne_eur || ' € > attribué ' || montant_attribue_eur
           || ' €'
FROM projet_enrichi WHERE montant_conventionne_eur > montant_attribue_eur;
