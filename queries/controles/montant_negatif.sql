-- grain: one row per project and stage whose published amount is below zero (an « annulation »
-- above the attributed amount, or on a project with none published); used by: tid/check.py
SELECT projet_id AS objet, etape || ' publié négatif : ' || montant_eur || ' €' AS detail
FROM (
    UNPIVOT (SELECT projet_id, montant_attribue_eur AS "attribué",
                    montant_conventionne_eur AS "conventionné", montant_verse_eur AS "versé"
             FROM projet_enrichi)
    ON "attribué", "conventionné", "versé" INTO NAME etape VALUE montant_eur
)
WHERE montant_eur < 0;
