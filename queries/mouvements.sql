-- grain: one row per ledger event of the filtered, searched projects (the ledger export);
-- used by: pages/projets.py, tid/__main__.py (export --registre), tid/ui/explication.py.
-- Signed amounts: a reversing row or an « annulation » counts negative, as in every total.
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
)
SELECT
    m.mouvement_id,
    m.projet_id,
    p.programme_id,
    p.vague_id,
    p.porteur,
    p.region_code,
    m.nature,
    -- the money stage the row counts in (an « annulation » lowers the attributed amount):
    -- « D'où vient ce chiffre ? » lists the rows of one stage, which add up to its KPI
    m.etape,
    m.date_mouvement,
    m.montant_eur,
    m.montant_signe_eur,
    m.annule_mouvement_id,
    m.import_id,
    m.source_url,
    m.notes,
    count(*) OVER () AS nb_lignes_total
FROM p
JOIN mouvements_nets($au) AS m USING (projet_id)
WHERE $recherche IS NULL OR trim($recherche) = ''
   OR strip_accents(lower(concat_ws(' ', p.nom_projet, p.porteur, p.partenaires, p.commune_siege,
                                    p.projet_id)))
      LIKE '%' || strip_accents(lower(trim($recherche))) || '%'
ORDER BY (SELECT pr.ordre FROM programme AS pr WHERE pr.programme_id = p.programme_id),
         p.vague_id, p.porteur COLLATE fr, m.projet_id, m.date_mouvement NULLS LAST,
         m.mouvement_id
-- $limite: the page shows the first rows only (NULL = all, as in downloads and exports)
LIMIT $limite;
