"""The commands of `python -m tid` that need more than a few lines, one module each."""
