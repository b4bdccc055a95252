"""Which heavy modules a piece of code imports, checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from core.config import PROJECT_ROOT

HEAVY_MODULES = ("streamlit", "tensorflow", "keras", "tf2onnx")


def heavy_modules_imported_by(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    return [name for name in result.stdout.strip().split(",") if name]
