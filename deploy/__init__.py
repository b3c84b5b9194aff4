"""Serving « Suivi TID » to many readers: N Streamlit processes behind HAProxy (`make serve`)."""
