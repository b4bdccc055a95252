from __future__ import annotations

import json

import numpy as np
import pytest

from core.__main__ import main
from core.evaluate import schema_problems


def test_train_then_evaluate_writes_a_schema_valid_entry(tmp_path, capsys):
    assert main(["train", "--model", "tree", "--train-size", "500", "--output", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "training Decision tree on 500 images (validation 5,000)" in printed
    assert (
        "setting 1 of 3 tried (criterion=gini, min_samples_leaf=1)" in printed and "test accuracy" in printed
    )

    results = json.loads((tmp_path / "results.json").read_text())
    assert schema_problems(results) == []
    entry = results["models"]["tree"]
    assert entry["train_size"] == 500 and entry["seed"] == 0
    assert 0.5 < entry["test_accuracy"] < 0.95
    assert entry["artefact_bytes"] == (tmp_path / "tree.joblib").stat().st_size
    with np.load(tmp_path / "test_predictions.npz") as predictions:
        assert predictions["tree"].shape == (10_000, 10)

    # Evaluating again replaces the entry rather than adding a second one.
    assert main(["evaluate", "--model", "tree", "--output", str(tmp_path)]) == 0
    assert list(json.loads((tmp_path / "results.json").read_text())["models"]) == ["tree"]


def test_skip_evaluation_leaves_the_test_set_alone(tmp_path):
    main(
        [
            "train",
            "--model",
            "logistic",
            "--train-size",
            "300",
            "--output",
            str(tmp_path),
            "--skip-evaluation",
        ]
    )
    assert (tmp_path / "logistic.joblib").is_file()
    assert not (tmp_path / "results.json").exists()


def test_unknown_model_is_refused_with_the_choices(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--model", "resnet"])
    assert "invalid choice: 'resnet'" in capsys.readouterr().err


def test_read_prints_one_json_object_per_file_and_fails_on_a_bad_one(tmp_path, capsys):
    from PIL import Image

    from tests import drawing

    ink = drawing.blank()
    drawing.one(ink, 100)
    drawing.one(ink, 250)
    good = tmp_path / "eleven.png"
    Image.fromarray(drawing.on_canvas(ink)).save(good)
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    blank = tmp_path / "blank.png"
    Image.new("RGB", (50, 50), "white").save(blank)

    status = main(["read", str(good), str(bad), str(blank), "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert [line["path"] for line in lines] == [str(good), str(bad), str(blank)]
    assert lines[0]["text"] == "11" and lines[0]["error"] is None
    first = lines[0]["digits"][0]
    assert set(first) >= {"digit", "confidence", "box", "alternatives"}
    assert first["digit"] == 1 and len(first["box"]) == 4 and len(first["alternatives"]) == 3
    assert "not an image" in lines[1]["error"]
    assert lines[2]["text"] == "" and lines[2]["digits"] == [] and lines[2]["error"] is None
    assert main(["read", str(good)]) == 0
    assert capsys.readouterr().out.strip() == f"{good}: 11"
