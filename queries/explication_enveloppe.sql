-- grain: one row per envelope the KPI « Enveloppe » adds up for the scope: the programmes in
-- scope, or the chosen waves when a wave filter is on (as queries/kpi.sql); used by:
-- tid/ui/explication.py (« D'où vient ce chiffre ? »), with each row's sources.
SELECT
    'programme' AS niveau_enveloppe,
    pr.programme_id || ' – ' || pr.nom AS enveloppe_libelle,
    pr.enveloppe_eur,
    pr.source_url
FROM programme AS pr
WHERE len($vague) = 0 AND (len($programme) = 0 OR list_contains($programme, pr.programme_id))
UNION ALL
SELECT 'vague', v.vague_libelle, v.enveloppe_eur, v.source_url
FROM vagues_filtrees($programme, $vague) AS v
WHERE len($vague) > 0
ORDER BY niveau_enveloppe, enveloppe_libelle;
