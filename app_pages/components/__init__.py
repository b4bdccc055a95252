"""Custom Streamlit components the pages share (Streamlit widgets, so not in core/)."""
