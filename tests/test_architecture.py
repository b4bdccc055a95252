"""The layout's promises that a linter cannot see: what importing core/ pulls in."""

from __future__ import annotations

import subprocess
import sys

from core.config import PROJECT_ROOT

# Modules the pages and the command line import; core/cache.py is the Streamlit seam.
STREAMLIT_FREE_MODULES = ["core.config", "core.data", "core.images"]


def test_core_imports_neither_streamlit_nor_tensorflow():
    probe = (
        f"import sys; import {', '.join(STREAMLIT_FREE_MODULES)}; "
        "print(sorted(name for name in ('streamlit', 'tensorflow', 'keras') if name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
