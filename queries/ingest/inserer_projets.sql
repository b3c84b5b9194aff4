-- grain: inserts one project per row of the registered table `lignes`; used by: tid/ingest
INSERT INTO projet BY NAME SELECT * FROM lignes;
