"""The only package that opens DuckDB or reads queries/ (R1): the names callers use."""

from tid.db.connexion import DB_ENV_VAR, DEFAULT_DB, ROOT, connect, db_path
from tid.db.cycle import (
    SEED_DIR,
    SEED_IMPORT_ID,
    SEED_TABLES,
    build_base,
    ensure_base,
    nouvelle_version,
    reconstruire,
)
from tid.db.ecriture import rafraichir_derives, writer
from tid.db.erreurs import (
    BaseAbsente,
    BaseIllisible,
    DisquePlein,
    ErreurBase,
    ReconstructionAttendue,
    ReconstructionRefusee,
    SchemaPerime,
)
from tid.db.lecture import base_version, fetch
from tid.db.requetes import (
    QUERIES_DIR,
    QueryParamError,
    bind,
    param_names,
    query_names,
    run,
    run_avec,
    sql_text,
)
from tid.db.sauvegarde import restaurer, sauvegarder
from tid.db.verification import empreinte_schema, est_fictive, verifier_base

__all__ = [
    "DB_ENV_VAR",
    "DEFAULT_DB",
    "QUERIES_DIR",
    "ROOT",
    "SEED_DIR",
    "SEED_IMPORT_ID",
    "SEED_TABLES",
    "BaseAbsente",
    "BaseIllisible",
    "DisquePlein",
    "ErreurBase",
    "QueryParamError",
    "ReconstructionAttendue",
    "ReconstructionRefusee",
    "SchemaPerime",
    "base_version",
    "bind",
    "build_base",
    "connect",
    "db_path",
    "empreinte_schema",
    "ensure_base",
    "est_fictive",
    "fetch",
    "nouvelle_version",
    "param_names",
    "query_names",
    "rafraichir_derives",
    "reconstruire",
    "restaurer",
    "run",
    "run_avec",
    "sauvegarder",
    "sql_text",
    "verifier_base",
    "writer",
]
