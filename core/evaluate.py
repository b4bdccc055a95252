"""Scores and timings of trained models on the 10,000 test images, as plain data.

`evaluate_and_record` is the one place the test set meets a model: it scores the
served artefact (ONNX for the networks), times it, and writes the entry into
models/results.json and its probabilities into models/test_predictions.npz.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from core import config
from core.data import load_mnist
from core.files import DamagedFileError, read_arrays, save_arrays, write_atomically
from core.models import DigitClassifier, artefact_path, get_spec, load_model
from core.models.registry import UNCOMMITTED_MODELS
from core.training import read_training_record

RESULTS_FILE = "results.json"
PREDICTIONS_FILE = "test_predictions.npz"
SCHEMA_VERSION = 1
LIBRARIES = ("numpy", "scikit-learn", "keras", "tensorflow-cpu", "onnxruntime", "opencv-python-headless")
# Single-image timing: repeat until this much time has passed (or this many calls).
SINGLE_IMAGE_BUDGET_SECONDS = 2.0
SINGLE_IMAGE_MAX_CALLS = 200


# Every entry of results.json["models"] has these fields (documented in models/README.md).
RESULT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "display_name": str,
    "description": str,
    "family": str,
    "test_accuracy": float,
    "macro_f1": float,
    "per_class": dict,
    "confusion_matrix": list,
    "validation_accuracy": float,
    "fit_seconds": (int, float),
    "predict_ms_per_image_batched": float,
    "predict_ms_single_image": float,
    "artefact": str,
    "artefact_bytes": int,
    "artefact_committed": bool,
    "parameter_count": (int, type(None)),
    "hyperparameters": dict,
    "train_size": int,
    "validation_size": int,
    "test_size": int,
    "seed": int,
    "library_versions": dict,
    "machine": dict,
    "trained_at": str,
    "evaluated_at": str,
}


class ResultsError(ValueError):
    """results.json is missing or does not match its schema; the message names the fix."""


def schema_problems(results: dict[str, Any]) -> list[str]:
    """What in a results.json document breaks the schema; empty when it is sound."""
    if not isinstance(results, dict) or not isinstance(results.get("models"), dict):
        return ['the top level must be an object with a "models" object']
    problems = []
    if results.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"schema_version is {results.get('schema_version')!r}, expected {SCHEMA_VERSION}")
    for name, entry in results["models"].items():
        for field, expected_type in RESULT_FIELDS.items():
            if field not in entry:
                problems.append(f"{name}: {field} is missing")
            elif not isinstance(entry[field], expected_type) or (
                expected_type is int and isinstance(entry[field], bool)
            ):
                problems.append(f"{name}: {field} has type {type(entry[field]).__name__}")
        matrix = np.asarray(entry.get("confusion_matrix", []))
        if matrix.shape != (config.NUM_CLASSES, config.NUM_CLASSES):
            problems.append(f"{name}: confusion_matrix has shape {matrix.shape}, expected (10, 10)")
        for score in ("precision", "recall", "f1", "support"):
            if len(entry.get("per_class", {}).get(score, [])) != config.NUM_CLASSES:
                problems.append(f"{name}: per_class.{score} must list 10 values")
    return problems


def classification_scores(labels: np.ndarray, probabilities: np.ndarray) -> dict[str, Any]:
    """Accuracy, macro-F1, per-digit precision/recall/F1 and the confusion matrix (rows = true)."""
    # Imported here: the pages import this module to read results, which needs no scikit-learn.
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    predictions = probabilities.argmax(axis=1)
    digits = list(range(config.NUM_CLASSES))
    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predictions, labels=digits, zero_division=0
    )
    return {
        "test_accuracy": float((predictions == labels).mean()),
        "macro_f1": float(f1_score(labels, predictions, labels=digits, average="macro", zero_division=0)),
        "per_class": {
            "precision": [round(float(value), 6) for value in precision],
            "recall": [round(float(value), 6) for value in recall],
            "f1": [round(float(value), 6) for value in f1],
            "support": [int(value) for value in support],
        },
        "confusion_matrix": confusion_matrix(labels, predictions, labels=digits).tolist(),
    }


def time_predictions(model: DigitClassifier, images: np.ndarray) -> dict[str, float]:
    """Milliseconds per image, for one batch of all images and for one image per call."""
    model.predict_proba(images[:8])  # warm-up: lazy initialisation is not prediction time
    started = time.perf_counter()
    model.predict_proba(images)
    batched_ms = (time.perf_counter() - started) * 1000 / len(images)

    single_ms = []
    deadline = time.perf_counter() + SINGLE_IMAGE_BUDGET_SECONDS
    for index in range(SINGLE_IMAGE_MAX_CALLS):
        started = time.perf_counter()
        model.predict_proba(images[index : index + 1])
        single_ms.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline:
            break
    return {
        "predict_ms_per_image_batched": round(batched_ms, 4),
        "predict_ms_single_image": round(statistics.median(single_ms), 4),
    }


def library_versions() -> dict[str, str]:
    found = {}
    for library in LIBRARIES:
        try:
            found[library] = version(library)
        except PackageNotFoundError:
            continue
    found["python"] = platform.python_version()
    return found


def read_results(directory: Path = config.MODELS_DIR) -> dict[str, Any]:
    """The committed results, checked against the schema; ResultsError says how to rebuild them."""
    path = directory / RESULTS_FILE
    rebuild = "Rebuild it with `python -m core evaluate --model all` (or `git checkout -- models/`)."
    if not path.is_file():
        raise ResultsError(f"{path.name} is missing. {rebuild}")
    try:
        results = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ResultsError(f"{path.name} is damaged ({error}). {rebuild}") from error
    problems = schema_problems(results)
    if problems:
        raise ResultsError(f"{path.name} does not match its schema: {'; '.join(problems[:5])}. {rebuild}")
    return results


def evaluate_and_record(name: str, directory: Path = config.MODELS_DIR) -> dict[str, Any]:
    """Score the trained model `name` on the test set once; update results.json and the predictions."""
    spec = get_spec(name)
    dataset = load_mnist()
    record = read_training_record(name, directory)
    model = load_model(name, directory)
    probabilities = model.predict_proba(dataset.test_images)

    served = artefact_path(name, directory)
    entry: dict[str, Any] = {
        "name": name,
        "display_name": spec.display_name,
        "description": spec.description,
        "family": spec.family,
        **classification_scores(dataset.test_labels, probabilities),
        "validation_accuracy": record.validation_accuracy,
        "fit_seconds": record.fit_seconds,
        **time_predictions(model, dataset.test_images),
        "artefact": served.name,
        "artefact_bytes": served.stat().st_size,
        "artefact_committed": name not in UNCOMMITTED_MODELS,
        "parameter_count": record.parameter_count,
        "hyperparameters": record.hyperparameters,
        "train_size": record.train_size,
        "validation_size": record.validation_size,
        "test_size": int(len(dataset.test_labels)),
        "seed": record.seed,
        "library_versions": library_versions(),
        "machine": {"cores": record.cores, "processor": platform.machine(), "system": platform.system()},
        "trained_at": record.trained_at,
        "evaluated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }

    try:
        results = read_results(directory)
    except ResultsError:
        results = {"models": {}}  # first model evaluated, or a damaged file being rebuilt
    results["schema_version"] = SCHEMA_VERSION
    results["models"][name] = entry
    write_atomically(
        directory / RESULTS_FILE, lambda file: file.write((json.dumps(results, indent=1) + "\n").encode())
    )

    predictions_path = directory / PREDICTIONS_FILE
    try:
        arrays = read_arrays(predictions_path) if predictions_path.is_file() else {}
    except DamagedFileError:
        arrays = {}  # a damaged file is being rebuilt: the other models' rows come back as they are evaluated
    arrays["labels"] = dataset.test_labels
    arrays[name] = probabilities.astype(np.float32)

    save_arrays(predictions_path, compress=True, **arrays)
    return entry
