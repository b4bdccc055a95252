"""Training a registry model honestly: selection on a validation split, never on test.

The 60,000 training images are split once, stratified and seeded, into 55,000
for fitting and 5,000 for validation (choosing hyper-parameters, early stopping,
calibrating). The 10,000 test images are not touched here.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from core import config
from core.data import Dataset
from core.models import DigitClassifier, new_model
from core.models.base import ProgressCallback
from core.models.registry import SEED, SPECS

VALIDATION_SIZE = 5_000


@dataclass(frozen=True)
class TrainingSplit:
    train_images: np.ndarray
    train_labels: np.ndarray
    validation_images: np.ndarray
    validation_labels: np.ndarray


def stratified_subset(labels: np.ndarray, size: int, seed: int) -> np.ndarray:
    """Sorted indices of `size` items whose digit shares match the whole (largest remainders)."""
    if not 0 < size <= len(labels):
        raise ValueError(f"size must be between 1 and {len(labels)}, got {size}")
    rng = np.random.default_rng(seed)
    counts = np.bincount(labels, minlength=config.NUM_CLASSES)
    exact = counts * size / len(labels)
    quota = np.floor(exact).astype(int)
    remainder_order = np.argsort(-(exact - quota), kind="stable")
    quota[remainder_order[: size - quota.sum()]] += 1
    chosen = [
        rng.choice(np.flatnonzero(labels == digit), size=quota[digit], replace=False)
        for digit in range(config.NUM_CLASSES)
    ]
    return np.sort(np.concatenate(chosen))


def split_for_training(
    dataset: Dataset,
    train_size: int | None = None,
    seed: int = SEED,
    validation_size: int = VALIDATION_SIZE,
) -> TrainingSplit:
    """Carve a stratified validation split from the training images; optionally subsample the rest."""
    labels = dataset.train_labels
    validation_indices = stratified_subset(labels, validation_size, seed)
    remaining = np.setdiff1d(np.arange(len(labels)), validation_indices)
    if train_size is not None and train_size < len(remaining):
        remaining = remaining[stratified_subset(labels[remaining], train_size, seed + 1)]
    return TrainingSplit(
        train_images=dataset.train_images[remaining],
        train_labels=labels[remaining],
        validation_images=dataset.train_images[validation_indices],
        validation_labels=labels[validation_indices],
    )


@dataclass
class TrainingRecord:
    """How a model was trained; saved beside it as NAME.training.json for the evaluation."""

    model: str
    hyperparameters: dict[str, Any]
    validation_accuracy: float
    fit_seconds: float
    train_size: int
    validation_size: int
    seed: int
    parameter_count: int | None
    artefacts: list[str]
    cores: int
    trained_at: str


def training_record_path(name: str, directory: Path = config.MODELS_DIR) -> Path:
    return directory / f"{name}.training.json"


def read_training_record(name: str, directory: Path = config.MODELS_DIR) -> TrainingRecord:
    return TrainingRecord(**json.loads(training_record_path(name, directory).read_text()))


@dataclass
class TrainingRun:
    model: DigitClassifier
    record: TrainingRecord


def train_model(
    name: str,
    dataset: Dataset,
    train_size: int | None = None,
    epochs: int | None = None,
    seed: int = SEED,
    output_directory: Path = config.MODELS_DIR,
    progress: ProgressCallback | None = None,
    **overrides: Any,
) -> TrainingRun:
    """Fit one model on the training split, save it into output_directory, and say how it went."""
    split = split_for_training(dataset, train_size=train_size, seed=seed)
    if epochs is not None:
        overrides["epochs"] = epochs
    if seed != SEED:
        overrides["seed"] = seed
    if progress is not None and SPECS[name].family == "neural":
        progress(0.0, "loading TensorFlow (5 to 15 s, once per server)")
    model = new_model(name, **overrides)
    if progress is not None:
        progress(
            0.0,
            f"training {model.spec.display_name} on {len(split.train_labels):,} images "
            f"(validation {len(split.validation_labels):,})",
        )
    started = time.monotonic()
    model.fit(
        split.train_images,
        split.train_labels,
        split.validation_images,
        split.validation_labels,
        progress=progress,
    )
    fit_seconds = time.monotonic() - started
    output_directory.mkdir(parents=True, exist_ok=True)
    artefacts = model.save(output_directory)
    record = TrainingRecord(
        model=name,
        hyperparameters=model.chosen_hyperparameters,
        validation_accuracy=float(model.validation_accuracy),
        fit_seconds=round(fit_seconds, 2),
        train_size=len(split.train_labels),
        validation_size=len(split.validation_labels),
        seed=seed,
        parameter_count=model.parameter_count,
        artefacts=[path.name for path in artefacts],
        cores=os.cpu_count() or 1,
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    training_record_path(name, output_directory).write_text(json.dumps(asdict(record), indent=2) + "\n")
    if progress is not None:
        progress(
            1.0,
            f"{model.spec.display_name}: validation accuracy {model.validation_accuracy:.4f}, "
            f"fit {fit_seconds:.1f} s, saved {', '.join(record.artefacts)}",
        )
    return TrainingRun(model=model, record=record)
