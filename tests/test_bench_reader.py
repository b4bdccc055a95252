from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from benchmarks import reader
from benchmarks.synthetic import Sample


def test_a_tesseract_run_that_times_out_is_scored_as_nothing_read(monkeypatch):
    """One slow image must not stop `make bench` (one took over 30 s on a busy machine)."""
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is missing: `make test` installs tesseract-ocr")

    def too_slow(command, **options):
        raise subprocess.TimeoutExpired(command, options["timeout"])

    monkeypatch.setattr(reader.subprocess, "run", too_slow)
    read = reader.tesseract_reader()
    assert read(Sample("clean", "1", np.full((40, 40, 4), 255, np.uint8))) == ""
