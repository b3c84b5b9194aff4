-- grain: one row per programme: envelope and published signed totals per stage; used by:
-- tid/ingest (envelope check and the « before / after » figures of the preview)
SELECT
    pr.programme_id,
    pr.enveloppe_eur,
    -- NULL, not 0, when nothing is published: the preview says « non publié » like the pages
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'attribution' AND m.est_effectif)
        AS montant_attribue_eur,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'convention' AND m.est_effectif)
        AS montant_conventionne_eur,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'versement' AND m.est_effectif)
        AS montant_verse_eur
FROM programme AS pr
LEFT JOIN projet AS p USING (programme_id)
LEFT JOIN mouvement_net AS m ON m.projet_id = p.projet_id
GROUP BY pr.programme_id, pr.enveloppe_eur, pr.ordre
ORDER BY pr.ordre;
