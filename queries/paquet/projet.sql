-- grain: one row per laureate (its current version); used by: tid/__main__.py (export --format
-- datapackage, resource « projet »). import_id is left out: it points at the import batches,
-- which name their authors and stay in the base.
SELECT
    projet_id, programme_id, vague_id, nom_projet, porteur, type_porteur, type_territoire,
    siren_porteur, nature_juridique_porteur, commune_siege, code_commune_siege,
    departement_code, region_code, axe_code, description, partenaires, date_annonce,
    cout_total_eur, latitude, longitude, population_perimetre, annee_population_perimetre,
    perimetre_population, grille_densite_3, source_url, notes
FROM projet
ORDER BY projet_id;
