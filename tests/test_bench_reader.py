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


def test_the_reader_benchmark_counts_the_misses_a_reader_flags_and_leaves_that_column_to_those_that_flag():
    """Ours says which readings it flagged; a miss with no digit flagged is passed as
    sure, the worst outcome for a user. The naive baseline and Tesseract say nothing."""
    image = np.full((40, 40, 4), 255, np.uint8)
    samples = [Sample("clean", truth, image) for truth in ["12", "34", "56", "78", "90"]]
    answers = iter([("12", False), ("12", False), ("34", True), ("50", False), ("7", True), ("9", True)])
    flagging = reader.run(lambda sample: next(answers), samples)  # the first answer is the warm-up
    assert flagging["clean"]["exact"] == 0.4
    assert flagging["clean"]["misses_flagged"] == 2 / 3  # "7" and "9" flagged, "50" passed as sure
    assert flagging["overall"]["misses_flagged"] == 2 / 3
    silent = reader.run(lambda sample: "12", samples)
    assert silent["clean"]["misses_flagged"] is None
    table = reader.table({"Digit Lab": flagging, "naive": silent})
    header, _, clean_row = table.splitlines()[:3]
    assert "Digit Lab misses flagged" in header and "naive misses flagged" not in header
    assert clean_row.split(" | ")[:5] == ["| clean", "5", "40.0%", "70.0%", "67%"]
    assert len(clean_row.split(" | ")) == len(header.split(" | "))
    flawless = reader.run(lambda sample: (sample.truth, False), samples)
    assert np.isnan(flawless["clean"]["misses_flagged"])  # no miss, none passed as sure
    assert "| no miss |" in reader.table({"Digit Lab": flawless})


def test_the_reader_benchmark_reads_the_families_asked_for_on_the_images_of_the_whole_run(
    capsys, monkeypatch
):
    """`--families` reads only those, each on the very images a full run reads of it (its
    generator seeded by its place among all the families, not among those asked for)."""
    from benchmarks.synthetic import generate
    from core.data import load_mnist

    seen = []
    monkeypatch.setattr(reader, "ours", lambda sample: (seen.append(sample) or sample.truth, False))
    reader.main(["--per-family", "2", "--families", "turned_ruled,clean", "--no-baselines"])
    table = capsys.readouterr().out
    assert "| turned_ruled | 2 |" in table and "| clean | 2 |" in table and "| overall | 4 |" in table
    assert "| ruled |" not in table
    whole = generate(load_mnist(), 2, seed=0)
    asked = [sample for family in ("turned_ruled", "clean") for sample in whole if sample.family == family]
    read = seen[1:]  # the first is the warm-up
    assert [sample.truth for sample in read] == [sample.truth for sample in asked]
    assert all(
        np.array_equal(np.asarray(a.image), np.asarray(b.image)) for a, b in zip(read, asked, strict=True)
    )
    with pytest.raises(SystemExit):
        reader.main(["--families", "no_such_family", "--no-baselines"])
