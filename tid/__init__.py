"""Suivi TID : tableau de bord du suivi de l'argent public (Streamlit + DuckDB)."""
