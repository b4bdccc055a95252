"""`python -m core collection ...`: add, count, export, import, delete, score."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from core.__main__ import main
from core.collection import CollectionStore
from core.collection import store as store_module
from tests.drawing import blank, on_canvas, one, zero


@pytest.fixture
def database(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'collections.sqlite'}"
    monkeypatch.setenv(store_module.DATABASE_URL_VARIABLE, url)
    return url


@pytest.fixture
def drawing_of_10(tmp_path):
    ink = blank()
    one(ink, 100)
    zero(ink, 300)
    path = tmp_path / "ten.png"
    Image.fromarray(on_canvas(ink)).save(path)
    return path


def test_add_count_export_import_delete(database, drawing_of_10, tmp_path, capsys):
    assert main(["collection", "add", str(drawing_of_10), "--label", "10"]) == 0
    assert "Kept 2 digits in “my digits” (read '10'; 0 corrected)" in capsys.readouterr().out
    assert main(["collection", "add", str(drawing_of_10), "--label", "16", "--collection", "class 4b"]) == 0
    assert "1 corrected" in capsys.readouterr().out

    assert main(["collection", "count"]) == 0
    printed = capsys.readouterr().out
    assert "“my digits”: 2 digits" in printed and "0: 1  1: 1  2: 0" in printed
    assert "Other collections: “class 4b” (2)" in printed

    exported = tmp_path / "mine.npz"
    assert main(["collection", "export", str(exported)]) == 0
    with np.load(exported) as arrays:
        assert arrays["x"].shape == (2, 28, 28) and arrays["y"].tolist() == [1, 0]
    assert main(["collection", "export", str(tmp_path / "mine.csv")]) == 0
    assert len((tmp_path / "mine.csv").read_text().splitlines()) == 3

    assert main(["collection", "import", str(exported), "--collection", "copy"]) == 0
    store = CollectionStore(database)
    assert np.array_equal(store.arrays("copy")[0], store.arrays("my digits")[0])

    capsys.readouterr()
    assert main(["collection", "delete", "--collection", "copy"]) == 0
    assert "Deleted “copy”: 2 digits" in capsys.readouterr().out
    assert "copy" not in store.collections()


def test_add_refuses_when_the_labels_do_not_match_the_digits_read(database, drawing_of_10, capsys):
    assert main(["collection", "add", str(drawing_of_10), "--label", "101"]) == 2
    assert "2 digits read ('10') but 3 labels given ('101'); nothing kept" in capsys.readouterr().err
    assert CollectionStore(database).collections() == {}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["add", "IMAGE", "--label", "1x"], "Labels are the digits as written"),
        (["export", "mine.txt"], "a .npz or a .csv file"),
        (["import", "missing.npz"], "Cannot import"),
    ],
)
def test_bad_input_is_a_message_and_status_2(database, drawing_of_10, capsys, arguments, message):
    arguments = [str(drawing_of_10) if argument == "IMAGE" else argument for argument in arguments]
    assert main(["collection", *arguments]) == 2
    assert message in capsys.readouterr().err


def test_delete_needs_the_collection_named(database, capsys):
    with pytest.raises(SystemExit):
        main(["collection", "delete"])
    assert "--collection" in capsys.readouterr().err


def test_an_unusable_database_is_a_message_not_a_traceback(monkeypatch, tmp_path, capsys):
    damaged = tmp_path / "collections.sqlite"
    damaged.write_bytes(b"not a database" * 200)
    monkeypatch.setenv(store_module.DATABASE_URL_VARIABLE, f"sqlite:///{damaged}")
    assert main(["collection", "count"]) == 2
    assert "move it aside" in capsys.readouterr().err


def test_score_prints_each_model_beside_its_mnist_accuracy(database, drawing_of_10, capsys):
    main(["collection", "add", str(drawing_of_10), "--label", "10"])
    capsys.readouterr()
    assert main(["collection", "score"]) == 0
    printed = capsys.readouterr().out
    assert "“my digits”: 2 digits" in printed
    cnn_line = next(line for line in printed.splitlines() if line.startswith("Convolutional network"))
    assert "100.0%" in cnn_line and "99.62%" in cnn_line  # both read right; MNIST from results.json
    assert "Only 2 digits" in printed


def test_a_file_that_is_not_an_image_is_refused_with_a_message(database, tmp_path, capsys):
    fake = tmp_path / "notes.png"
    fake.write_text("shopping list")
    assert main(["collection", "add", str(fake), "--label", "1"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"{fake}: ") and "Traceback" not in error
    assert CollectionStore(database).collections() == {}
