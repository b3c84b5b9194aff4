-- grain: appends one ledger event per row of the registered table `lignes`; used by:
-- tid/ingest (imports and reverts: the ledger is append-only)
INSERT INTO mouvement BY NAME SELECT * FROM lignes;
