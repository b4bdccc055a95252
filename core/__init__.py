"""Digit Lab's logic: data, models, image processing and charts.

Nothing in this package imports streamlit (ruff's banned-api rule enforces it),
so every piece can be used from the command line, a notebook or a test.
"""
