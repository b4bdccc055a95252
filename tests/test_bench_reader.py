from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from benchmarks import blank_photos, reader
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


def test_the_blank_photo_benchmark_reads_photo_families_blank_and_prints_a_row_each(capsys):
    readings = blank_photos.blank_readings(2, seed=0, families=("photo", "shadow"))
    assert {family: [outcome for outcome, _ in rows] for family, rows in readings.items()} == {
        "photo": ["nothing", "nothing"],
        "shadow": ["nothing", "nothing"],
    }
    blank_photos.main(["--per-family", "1", "--families", "ruled,dim"])
    table = capsys.readouterr().out
    assert "| ruled | 1 |" in table and "| dim | 1 |" in table and "| **all** | 2 |" in table
