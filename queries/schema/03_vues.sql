-- grain: views every query or derived table reads; used by: queries/*.sql, queries/derives/.

-- One row per ledger event with its signed amount (an « annulation » subtracts from the
-- attributed amount) and whether it still counts: a row that reverses another (correction or
-- revert of an import) and the row it reverses both stop counting, so the ledger stays
-- append-only and a reverted amount goes back to « non publié », not to 0.
CREATE VIEW mouvement_net AS
SELECT
    m.*,
    CASE WHEN m.nature = 'annulation' THEN 'attribution' ELSE m.nature END AS etape,
    m.montant_eur
        * (CASE WHEN m.nature = 'annulation' THEN -1 ELSE 1 END)
        * (CASE WHEN m.annule_mouvement_id IS NULL THEN 1 ELSE -1 END) AS montant_signe_eur,
    m.annule_mouvement_id IS NULL
        AND m.mouvement_id NOT IN (
            SELECT annule_mouvement_id FROM mouvement WHERE annule_mouvement_id IS NOT NULL
        ) AS est_effectif
FROM mouvement AS m;

-- One row per project with its money chain, from the rows that still count (published
-- amounts only; NULL = nothing published). Read through projet_enrichi_calcul below, stored
-- by every write (04_derives.sql), so readers never recompute it (ledger of 1 M rows).
CREATE VIEW projet_montants_calcul AS
SELECT
    p.projet_id,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'attribution') AS montant_attribue_eur,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'convention') AS montant_conventionne_eur,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'versement') AS montant_verse_eur,
    count(*) FILTER (WHERE m.nature = 'convention') AS nb_conventions,
    min(m.date_mouvement) FILTER (WHERE m.nature = 'convention') AS date_convention,
    count(*) FILTER (WHERE m.nature = 'versement') AS nb_versements
FROM projet AS p
LEFT JOIN mouvement_net AS m ON m.projet_id = p.projet_id AND m.est_effectif
GROUP BY p.projet_id;

-- One row per project as every page reads it: its columns, its money chain, its themes (codes
-- and text), its search text and its two display orders (French collation, costly on 100 000 rows:
-- ranked once here, the queries sort on an integer). Stored as projet_enrichi (04_derives.sql)
-- by every write; the queries never join the ledger or sort by collation at read time.
CREATE VIEW projet_enrichi_calcul AS
WITH themes AS (
    SELECT pt.projet_id,
           list(pt.theme_code ORDER BY t.ordre) AS theme_codes,
           string_agg(t.libelle, ' ; ' ORDER BY t.ordre) AS themes
    FROM projet_theme AS pt JOIN theme AS t USING (theme_code)
    GROUP BY pt.projet_id
)
SELECT
    p.*,
    pm.montant_attribue_eur,
    pm.montant_conventionne_eur,
    pm.montant_verse_eur,
    pm.nb_conventions,
    pm.date_convention,
    pm.nb_versements,
    coalesce(th.theme_codes, []::VARCHAR[]) AS theme_codes,
    th.themes,
    strip_accents(lower(concat_ws(' ', p.nom_projet, p.porteur, p.partenaires, p.commune_siege,
                                  p.projet_id))) AS texte_recherche,
    -- the order of lists and exports: programme, wave, carrier, identifier
    row_number() OVER (
        ORDER BY pr.ordre, p.vague_id, p.porteur COLLATE fr, p.projet_id
    ) AS rang_liste,
    -- the order of the map's seats table: région, commune, carrier, identifier
    row_number() OVER (
        ORDER BY r.nom COLLATE fr, p.commune_siege COLLATE fr, p.porteur COLLATE fr, p.projet_id
    ) AS rang_carte
FROM projet AS p
JOIN projet_montants_calcul AS pm USING (projet_id)
JOIN programme AS pr ON pr.programme_id = p.programme_id
JOIN region AS r ON r.region_code = p.region_code
LEFT JOIN themes AS th ON th.projet_id = p.projet_id;
