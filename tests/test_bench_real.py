"""`make bench-real` (benchmarks/real.py) on a folder the test writes; never on shared data."""

from __future__ import annotations

import json

import cv2

from benchmarks import real
from tests import drawing


def test_an_absent_folder_is_reported_and_exits_cleanly(tmp_path, capsys):
    assert real.main(["--folder", str(tmp_path / "nowhere")]) == 0
    assert "nothing was measured" in capsys.readouterr().out


def test_reads_a_folder_of_labelled_images_by_kind(tmp_path, capsys):
    cv2.imwrite(str(tmp_path / "a.png"), drawing.on_canvas(drawing.narrow_number("11"))[..., :3])
    cv2.imwrite(str(tmp_path / "b.png"), drawing.on_canvas(drawing.narrow_number("70"))[..., :3])
    (tmp_path / "labels.json").write_text(json.dumps({"a.png": "11", "b.png": "10", "gone.png": "3"}))
    (tmp_path / "SOURCES.md").write_text(
        "| file | label | repo | path | commit | kind | note |\n|---|---|---|---|---|---|---|\n"
        "| a.png | `11` | x | y | z | canvas | drawn |\n"
        "| b.png | `10` | x | y | z | paper photo | wrong label |\n"
    )
    assert real.kinds_from_sources(tmp_path / "SOURCES.md") == {"a.png": "canvas", "b.png": "photo"}
    assert real.main(["--folder", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 real images" in out
    assert "| overall | 2 | 1/2 (50.0%)" in out and "| canvas | 1 | 1/1 (100.0%)" in out
    assert "b.png (photo, miss): truth '10', read '70'" in out
