"""Results and predictions into tables, on small hand-made inputs with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from core import compare
from core.evaluate import ResultsError


def entry(name: str, accuracy: float, **changes) -> dict:
    base = {
        "name": name,
        "display_name": name.upper(),
        "test_accuracy": accuracy,
        "macro_f1": accuracy - 0.001,
        "fit_seconds": 1.0,
        "predict_ms_per_image_batched": 0.1,
        "predict_ms_single_image": 1.0,
        "artefact_bytes": 2_000_000,
        "parameter_count": 10,
        "train_size": 55_000,
        "per_class": {score: [0.9] * 10 for score in ("precision", "recall", "f1")},
    }
    return base | changes


def test_leaderboard_sorts_by_accuracy_and_adds_published_figures():
    rows = compare.leaderboard(
        {"tree": entry("tree", 0.9), "cnn": entry("cnn", 0.995), "svm": entry("svm", 0.98)}
    )
    assert [row["key"] for row in rows] == ["cnn", "svm", "tree"]
    assert rows[0]["accuracy"] == pytest.approx(99.5)
    assert (rows[0]["published_low"], rows[0]["published_high"]) == (99.02, 99.37)
    assert rows[2]["published_low"] == 82.84 and rows[1]["size_mb"] == 2.0
    assert rows[0]["source"] == "committed"


def test_leaderboard_table_reads_as_text_a_learner_expects():
    knn = entry("knn", 0.97, parameter_count=None, fit_seconds=0.43)
    cnn = entry("cnn", 0.995, parameter_count=198442, fit_seconds=1464.03)
    session = entry("tree", 0.8, source="this session", fit_seconds=12.4)
    table = compare.leaderboard_table(compare.leaderboard({"knn": knn, "cnn": cnn, "mine": session}))
    assert [row["Model"] for row in table] == ["CNN", "KNN", "TREE"]
    assert table[0]["Parameters"] == "198,442" and table[1]["Parameters"] == "—"
    assert [row["Fit"] for row in table] == ["24 min", "0.4 s", "12 s"]
    assert table[0]["Published (%)"] == "99.02 to 99.37"
    # A model trained this session never borrows the published figure of its kind.
    assert table[2]["Published (%)"] == "—" and table[2]["Source"] == "yours"
    assert table[0]["Source"] == "saved"


def test_normalise_rows_gives_shares_and_leaves_empty_rows_at_zero():
    matrix = np.array([[8, 2, 0], [0, 0, 0], [1, 1, 2]])
    shares = compare.normalise_rows(matrix)
    np.testing.assert_allclose(shares[0], [0.8, 0.2, 0.0])
    np.testing.assert_allclose(shares[1], [0, 0, 0])
    np.testing.assert_allclose(shares[2], [0.25, 0.25, 0.5])


def test_most_confused_pairs_skip_the_diagonal_and_sort_by_count():
    matrix = np.array([[50, 3, 0], [7, 40, 1], [0, 3, 60]])
    assert compare.most_confused_pairs(matrix, top=3) == [(1, 0, 7), (0, 1, 3), (2, 1, 3)]
    assert compare.most_confused_pairs(np.eye(3) * 5) == []


def test_mistakes_filters_and_orders_by_confidence():
    labels = np.array([0, 1, 1, 2])
    probabilities = np.array(
        [[0.9, 0.1, 0, 0], [0.6, 0.4, 0, 0], [0.95, 0.05, 0, 0], [0, 0.3, 0.7, 0]], np.float32
    )[:, :3]
    assert compare.mistakes(labels, probabilities).tolist() == [2, 1]  # most confident mistake first
    assert compare.mistakes(labels, probabilities, true=1, predicted=0).tolist() == [2, 1]
    assert compare.mistakes(labels, probabilities, true=2).tolist() == []


def test_wrong_by_every_model_and_fixed_by():
    labels = np.array([0, 1, 2])
    first = np.eye(3)[[1, 1, 0]]  # wrong on 0 and 2
    second = np.eye(3)[[1, 1, 2]]  # wrong on 0
    assert compare.wrong_by_every_model(labels, {"a": first, "b": second}).tolist() == [0]
    assert compare.fixed_by(labels, first, second).tolist() == [2]
    assert compare.fixed_by(labels, second, first).tolist() == []
    assert compare.wrong_by_every_model(labels, {}).tolist() == []


def test_roc_curves_of_a_perfect_and_a_useless_scorer():
    labels = np.array([0, 0, 1, 1])
    perfect = np.eye(2)[labels]
    curves = compare.roc_curves(labels, perfect)
    assert [curve.digit for curve in curves] == [0, 1]
    assert all(curve.area == pytest.approx(1.0) for curve in curves)
    useless = np.full((4, 2), 0.5)
    assert compare.roc_curves(labels, useless)[0].area == pytest.approx(0.5)


def test_per_digit_rows_are_long_format():
    rows = compare.per_digit_rows({"cnn": entry("cnn", 0.99)})
    assert len(rows) == 10 and rows[3] == {
        "model": "CNN",
        "digit": 3,
        "precision": 0.9,
        "recall": 0.9,
        "f1": 0.9,
    }


def test_missing_or_damaged_predictions_name_the_rebuild_command(tmp_path):
    with pytest.raises(ResultsError, match="missing.*python -m core evaluate --model all"):
        compare.read_predictions(tmp_path)
    (tmp_path / "test_predictions.npz").write_bytes(b"not a zip")
    with pytest.raises(ResultsError, match="damaged"):
        compare.read_predictions(tmp_path)
    np.savez(tmp_path / "test_predictions.npz", labels=np.zeros(3), cnn=np.zeros((3, 4)))
    with pytest.raises(ResultsError, match=r"\(N, 10\)"):
        compare.read_predictions(tmp_path)


def test_a_session_model_is_scored_on_the_test_set_without_touching_the_committed_models():
    from core import config
    from core.data import load_mnist

    committed = {path.name: path.stat().st_mtime for path in config.MODELS_DIR.iterdir()}
    reports = []
    session, probabilities = compare.session_entry(
        "tree",
        load_mnist(),
        1_000,
        progress=lambda fraction, message: reports.append((fraction, message)),
        max_depth=8,
    )
    fractions = [fraction for fraction, _ in reports]
    # The bar only moves forward, with the real work: three settings tried, then the test set.
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(set(fractions)) >= 4
    assert sum("setting" in message and "of 3 tried" in message for _, message in reports) == 3
    assert {path.name: path.stat().st_mtime for path in config.MODELS_DIR.iterdir()} == committed
    assert session["source"] == "this session" and session["train_size"] == 1_000
    assert session["display_name"] == "Decision tree, 1,000 images (Deepest question chain: 8)"
    assert 0.5 < session["test_accuracy"] < 0.9 and probabilities.shape == (10_000, 10)
    assert session["artefact_bytes"] > 0 and any("test images" in message for _, message in reports)
    assert compare.leaderboard({"mine": session})[0]["source"] == "this session"


def test_learning_curve_uses_growing_subsets_and_the_validation_split():
    from core.data import load_mnist

    fractions = []
    points = compare.learning_curve(
        "tree",
        load_mnist(),
        2_000,
        progress=lambda fraction, message: fractions.append(fraction),
        max_depth=6,
    )
    assert [point["train_size"] for point in points] == [1_000, 2_000]
    # Progress in proportion to the images trained on: the 1,000-image run is a third of it.
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert max(fraction for fraction in fractions if fraction <= 1 / 3 + 1e-9) == pytest.approx(1 / 3)
    assert all(0 < point["validation_accuracy"] < 100 for point in points)


def test_mistake_captions_say_truth_reading_and_confidence_and_describe_the_image():
    labels = np.array([7, 3])
    probabilities = np.array([[0.0] * 10, [0.0] * 10])
    probabilities[0, 1], probabilities[0, 7] = 0.93, 0.07
    probabilities[1, 8], probabilities[1, 3] = 0.6, 0.4
    captions, alts = compare.mistake_captions(labels, probabilities, np.array([0, 1]))
    assert captions == ["7 → 1, 93%", "3 → 8, 60%"]
    assert alts == ["a handwritten 7 that the model read as 1", "a handwritten 3 that the model read as 8"]
