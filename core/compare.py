"""Comparing models: results and test-set predictions turned into tables, for the
"Compare models" page and the notebooks.

Inputs are the committed results (models/results.json, one entry per model) and
the saved test-set probabilities (models/test_predictions.npz), plus any models a
user trains in a session (`session_entry`); nothing here re-runs a committed model.
Every function is checked on small hand-made inputs (tests/test_compare.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core import config
from core.data import Dataset
from core.evaluate import PREDICTIONS_FILE, ResultsError, classification_scores, time_predictions
from core.files import DamagedFileError, read_arrays
from core.models import SPECS
from core.models.base import ProgressCallback, within

if TYPE_CHECKING:
    from core.training import TrainingRun

PER_DIGIT_SCORES = ("precision", "recall", "f1")


@dataclass(frozen=True)
class Predictions:
    """Test-set labels and each model's (10000, 10) probabilities."""

    labels: np.ndarray
    probabilities: dict[str, np.ndarray]

    def predicted(self, model: str) -> np.ndarray:
        return self.probabilities[model].argmax(axis=1)

    def confidence(self, model: str) -> np.ndarray:
        return self.probabilities[model].max(axis=1)


def read_predictions(directory: Path = config.MODELS_DIR) -> Predictions:
    """The saved test-set predictions; ResultsError naming the rebuild command if unusable."""
    path = directory / PREDICTIONS_FILE
    rebuild = "Rebuild it with `python -m core evaluate --model all` (or `git checkout -- models/`)."
    if not path.is_file():
        raise ResultsError(f"{path.name} is missing. {rebuild}")
    try:
        arrays = read_arrays(path)
    except DamagedFileError as error:
        raise ResultsError(f"{error}. {rebuild}") from error
    labels = arrays.pop("labels", None)
    if labels is None or any(array.shape != (len(labels), config.NUM_CLASSES) for array in arrays.values()):
        raise ResultsError(f"{path.name} does not hold labels and (N, 10) probabilities per model. {rebuild}")
    return Predictions(labels, arrays)


def leaderboard(entries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per model, most accurate first, with what the reference projects published
    (for the committed models only: one trained in a session on other settings or fewer
    images is not the model those figures describe)."""
    rows = []
    for key, entry in entries.items():
        spec = SPECS.get(entry["name"])
        committed = entry.get("source", "committed") == "committed"
        published = spec.published_accuracy if spec and committed else None
        rows.append(
            {
                "key": key,
                "model": entry["display_name"],
                "short_name": (spec.short_name if spec else entry["display_name"])
                + ("" if committed else " (yours)"),
                "accuracy": 100 * entry["test_accuracy"],
                "published_low": published[0] if published else None,
                "published_high": published[1] if published else None,
                "macro_f1": entry["macro_f1"],
                "fit_seconds": entry["fit_seconds"],
                "ms_per_image": entry["predict_ms_per_image_batched"],
                "ms_single_image": entry["predict_ms_single_image"],
                "size_mb": entry["artefact_bytes"] / 1e6,
                "parameters": entry["parameter_count"],
                "train_size": entry["train_size"],
                "source": entry.get("source", "committed"),
            }
        )
    return sorted(rows, key=lambda row: (-row["accuracy"], row["model"]))


MISSING = "—"


def duration(seconds: float) -> str:
    """A fit time as people say it: "0.4 s", "12 s", "24 min"."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


def _count(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


def published_text(row: dict[str, Any]) -> str:
    """ "99.02 to 99.37" for a published range, "82.84" for one figure, "—" for none."""
    low, high = row["published_low"], row["published_high"]
    if low is None:
        return MISSING
    return f"{low:.2f}" if high == low else f"{low:.2f} to {high:.2f}"


def leaderboard_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The leaderboard as the page shows it: one dict per model, columns in reading
    order, counts with thousands separators, "—" where a figure does not apply (a
    k-NN has no parameters, only its training images). Narrow enough for a laptop's
    window: at 1400 pixels the last columns were cut off."""
    return [
        {
            "Model": row["model"],
            "Accuracy (%)": row["accuracy"],
            "Published (%)": published_text(row),
            "Macro-F1": row["macro_f1"],
            "Fit": duration(row["fit_seconds"]),
            "ms / image": row["ms_per_image"],
            "ms, one image": row["ms_single_image"],
            "Size (MB)": row["size_mb"],
            "Parameters": _count(row["parameters"]),
            # The saved models all learned from 55,000 images; a session model's name says
            # its own number, and it is marked as yours.
            "Source": "saved" if row["source"] == "committed" else "yours",
        }
        for row in rows
    ]


def mistake_captions(
    labels: np.ndarray, probabilities: np.ndarray, indices: np.ndarray
) -> tuple[list[str], list[str]]:
    """Under each mistake's tile, "7 → 1, 93%" (true digit, what the model read, how
    sure); and its alt text, "a handwritten 7 that the model read as 1"."""
    read = probabilities[indices].argmax(axis=1)
    sure = probabilities[indices].max(axis=1)
    captions = [
        f"{labels[index]} → {guess}, {p:.0%}" for index, guess, p in zip(indices, read, sure, strict=True)
    ]
    alts = [
        f"a handwritten {labels[index]} that the model read as {guess}"
        for index, guess in zip(indices, read, strict=True)
    ]
    return captions, alts


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row (true digit) as shares of that digit's images; rows with no images stay 0."""
    matrix = np.asarray(matrix, dtype=np.float64)
    totals = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)


def most_confused_pairs(matrix: np.ndarray, top: int = 5) -> list[tuple[int, int, int]]:
    """(true digit, predicted digit, count) of the largest off-diagonal cells, largest first."""
    matrix = np.asarray(matrix)
    cells = [
        (int(true), int(predicted), int(matrix[true, predicted]))
        for true in range(matrix.shape[0])
        for predicted in range(matrix.shape[1])
        if true != predicted and matrix[true, predicted] > 0
    ]
    return sorted(cells, key=lambda cell: (-cell[2], cell[0], cell[1]))[:top]


def per_digit_rows(entries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Long table: one row per model and digit with its precision, recall and F1."""
    rows = []
    for entry in entries.values():
        scores = entry["per_class"]
        for digit in range(config.NUM_CLASSES):
            rows.append(
                {"model": entry["display_name"], "digit": digit}
                | {score: scores[score][digit] for score in PER_DIGIT_SCORES}
            )
    return rows


@dataclass(frozen=True)
class RocCurve:
    digit: int
    false_positive_rate: np.ndarray
    true_positive_rate: np.ndarray
    area: float


def roc_curves(labels: np.ndarray, probabilities: np.ndarray) -> list[RocCurve]:
    """One-vs-rest ROC curve and its area for each digit."""
    from sklearn.metrics import auc, roc_curve  # here, not at the top: every page imports this module

    curves = []
    for digit in range(probabilities.shape[1]):
        positives = labels == digit
        if positives.all() or not positives.any():
            continue  # a curve needs both classes
        false_positive_rate, true_positive_rate, _ = roc_curve(positives, probabilities[:, digit])
        curves.append(
            RocCurve(
                digit,
                false_positive_rate,
                true_positive_rate,
                float(auc(false_positive_rate, true_positive_rate)),
            )
        )
    return curves


def mistakes(
    labels: np.ndarray, probabilities: np.ndarray, true: int | None = None, predicted: int | None = None
) -> np.ndarray:
    """Indices of the test images the model gets wrong (optionally of one true and/or
    predicted digit), most confident mistakes first."""
    guesses = probabilities.argmax(axis=1)
    wrong = guesses != labels
    if true is not None:
        wrong &= labels == true
    if predicted is not None:
        wrong &= guesses == predicted
    indices = np.flatnonzero(wrong)
    return indices[np.argsort(-probabilities[indices].max(axis=1), kind="stable")]


def wrong_by_every_model(labels: np.ndarray, probabilities: dict[str, np.ndarray]) -> np.ndarray:
    """Indices of the test images that no model reads correctly."""
    if not probabilities:
        return np.zeros(0, np.int64)
    wrong = np.ones(len(labels), bool)
    for model_probabilities in probabilities.values():
        wrong &= model_probabilities.argmax(axis=1) != labels
    return np.flatnonzero(wrong)


def fixed_by(labels: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Indices where the first model is wrong and the second right (the second fixes them)."""
    return np.flatnonzero((first.argmax(axis=1) != labels) & (second.argmax(axis=1) == labels))


@contextmanager
def _trained_in_a_temporary_folder(
    name: str, dataset: Dataset, train_size: int, progress, hyperparameters: dict[str, Any]
) -> Iterator[tuple[TrainingRun, Path]]:
    """Train `name` into a folder that is deleted afterwards: the committed models in
    models/ are never touched from a session."""
    from core.training import train_model

    with tempfile.TemporaryDirectory(prefix="digitlab-session-") as folder:
        run = train_model(
            name,
            dataset,
            train_size=train_size,
            output_directory=Path(folder),
            progress=progress,
            **hyperparameters,
        )
        yield run, Path(folder)


def session_entry(
    name: str,
    dataset: Dataset,
    train_size: int,
    progress: ProgressCallback | None = None,
    **hyperparameters: Any,
) -> tuple[dict[str, Any], np.ndarray]:
    """Train `name` with the given hyper-parameters on `train_size` training images and
    score it on the test set.

    Returns an entry shaped like a results.json one (with "source": "this session") and
    its test-set probabilities.
    """
    # Training is most of the work; scoring and timing on the test set take the rest.
    training = within(progress, 0.0, 0.9)
    with _trained_in_a_temporary_folder(name, dataset, train_size, training, hyperparameters) as (
        run,
        folder,
    ):
        size = sum(path.stat().st_size for path in folder.iterdir() if path.suffix != ".json")
        if progress is not None:
            progress(0.9, "scoring on the 10,000 test images")
        probabilities = run.model.predict_proba(dataset.test_images)
        timings = time_predictions(run.model, dataset.test_images)
    spec = SPECS[name]
    labels = {setting.name: setting for setting in spec.settings}
    settings = ", ".join(
        f"{labels[key].label}: {labels[key].describe(value)}" if key in labels else f"{key}={value}"
        for key, value in hyperparameters.items()
    )
    entry = {
        "name": name,
        "display_name": f"{spec.display_name}, {train_size:,} images"
        + (f" ({settings})" if settings else ""),
        "family": spec.family,
        **classification_scores(dataset.test_labels, probabilities),
        "validation_accuracy": run.record.validation_accuracy,
        "fit_seconds": run.record.fit_seconds,
        **timings,
        "artefact_bytes": size,
        "parameter_count": run.record.parameter_count,
        "hyperparameters": run.record.hyperparameters,
        "train_size": run.record.train_size,
        "source": "this session",
    }
    if progress is not None:
        progress(1.0, f"test accuracy {entry['test_accuracy']:.2%}")
    return entry, probabilities.astype(np.float32)


LEARNING_CURVE_SIZES = (1_000, 2_000, 5_000, 10_000, 20_000, 55_000)


def learning_curve(
    name: str,
    dataset: Dataset,
    largest: int,
    progress: ProgressCallback | None = None,
    **hyperparameters: Any,
) -> list[dict[str, float]]:
    """Validation accuracy (the 5,000 held-out training images, never the test set) of
    `name` trained on growing subsets up to `largest` images: does more data still help?"""
    sizes = [size for size in LEARNING_CURVE_SIZES if size < largest] + [largest]
    points = []
    for number, size in enumerate(sizes, start=1):
        # Each size is a share of the work in proportion to its images (training time grows with them).
        done, share = sum(sizes[: number - 1]) / sum(sizes), size / sum(sizes)
        stage = within(progress, done, done + share)
        if stage is not None:
            stage(0.0, f"training on {size:,} images ({number} of {len(sizes)} sizes)")
        with _trained_in_a_temporary_folder(name, dataset, size, stage, hyperparameters) as (run, _):
            points.append(
                {
                    "train_size": size,
                    "validation_accuracy": 100 * run.record.validation_accuracy,
                    "fit_seconds": run.record.fit_seconds,
                }
            )
    return points
