"""The layout's promises that a linter cannot see: what importing core/ pulls in."""

from __future__ import annotations

from tests.imports import heavy_modules_imported_by

# Modules the pages and the command line import; core/cache.py is the Streamlit seam.
STREAMLIT_FREE_MODULES = ["core.config", "core.data", "core.images", "core.models", "core.reader"]


def test_core_imports_neither_streamlit_nor_tensorflow():
    assert heavy_modules_imported_by(f"import {', '.join(STREAMLIT_FREE_MODULES)}") == []
