"""Tests of tid/db, one file per module."""
