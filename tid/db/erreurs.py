"""The refusals about the base itself, in French for readers and operators."""

from __future__ import annotations


class ErreurBase(RuntimeError):
    """A refusal about the base itself, in French for readers and operators: no server path
    and no trace in the message, the log has both (README « Règles », 7)."""


class BaseAbsente(ErreurBase):
    """No base at the path read: readers never build one, whoever starts the app does."""


class SchemaPerime(ErreurBase):
    """The base was built by an older version of queries/schema and holds imports (or is
    synthetic, or not recognisable): rebuilding it from data/seed could lose them."""


class ReconstructionAttendue(SchemaPerime):
    """A seed-only base of an older schema: safe to rebuild, but only a writer
    (ensure_base, `python -m tid build`) does it; a reader says so."""


class BaseIllisible(ErreurBase):
    """DuckDB cannot open or fully read the base: truncated, damaged, a copy in progress."""


class DisquePlein(ErreurBase):
    """A write ran out of disk space; the published base is unchanged, the copy removed."""


class ReconstructionRefusee(ErreurBase):
    """`python -m tid build` would erase imports (or a base it cannot read) without
    --ecraser-imports."""
