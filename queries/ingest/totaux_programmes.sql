-- grain: one row per programme: envelope and published signed totals per stage; used by:
-- tid/ingest.py (envelope check and the « before / after » figures of the preview)
SELECT
    pr.programme_id,
    pr.enveloppe_eur,
    coalesce(sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'attribution'), 0)
        AS montant_attribue_eur,
    coalesce(sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'convention'), 0)
        AS montant_conventionne_eur,
    coalesce(sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'versement'), 0)
        AS montant_verse_eur
FROM programme AS pr
LEFT JOIN projet AS p USING (programme_id)
LEFT JOIN mouvement_net AS m ON m.projet_id = p.projet_id
GROUP BY pr.programme_id, pr.enveloppe_eur, pr.ordre
ORDER BY pr.ordre;
