"""Tests of tid/textes, one file per module (a package: tests/pages has files of the same names)."""
