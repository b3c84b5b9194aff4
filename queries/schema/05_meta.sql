-- grain: one row per fact about the base itself (the schema it was built with); used by:
-- tid/db.py (a base built by an older schema is rebuilt or refused with a clear message)

CREATE TABLE base_meta (
    cle    VARCHAR PRIMARY KEY,
    valeur VARCHAR NOT NULL
);
