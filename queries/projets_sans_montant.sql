-- grain: one row per laureate in the filtered scope with no published attributed amount;
-- used by: pages/methode.py, tid/ui/completer.py (« Montants à compléter », limite NULL). Same
-- rule as the coverage of kpi.sql: a net attribution of 0 € (attributed, then reversed) is
-- published; NULL (nothing published) is not.
SELECT
    p.projet_id,
    p.programme_id,
    p.vague_id,
    p.porteur,
    p.nom_projet,
    p.nb_conventions,
    p.date_convention
FROM projets_filtres($programme, $vague, $region, $departement,
                     $type_territoire, $type_porteur, $axe, $theme,
                     $au) AS p
WHERE p.montant_attribue_eur IS NULL
ORDER BY p.rang_liste
-- $limite: the page lists the first rows (NULL = all); kpi.sql gives their number
LIMIT $limite;
