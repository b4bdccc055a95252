"""What every digit classifier in the registry shares: input checks and one interface.

Every model takes images as (N, 28, 28) or (N, 28, 28, 1), either uint8 0..255
or floats in [0, 1], and answers with class probabilities (N, 10). The comparison,
the reader and the dashboard loop over the registry without knowing which model
is which.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core import config


class ModelInputError(ValueError):
    """Images or labels a model cannot take; the message says what was expected."""


class ModelNotTrainedError(FileNotFoundError):
    """A model's artefact is missing; the message names the command that builds it."""


class ModelFileError(RuntimeError):
    """A model's artefact exists but cannot be loaded (truncated, corrupt, from another
    version); the message names the file and the command that rebuilds it."""


class ModelNotFittedError(RuntimeError):
    """predict was called on a model that was neither trained nor loaded."""

    def __init__(self, spec: ModelSpec):
        super().__init__(f"{spec.display_name} has not been trained or loaded yet")


@dataclass(frozen=True)
class Setting:
    """A hyper-parameter a user may set when training a model from the page: the
    choices offered, the one selected at first (quick to train, not always the saved
    model's), a label in words and one plain sentence of help."""

    name: str  # the hyper-parameter's name, as the model takes it
    label: str
    choices: tuple[Any, ...]
    default: Any
    help: str

    def describe(self, value: Any) -> str:
        """How a choice reads on the page: lists and None spelled out."""
        if value is None:
            return "no limit"
        if isinstance(value, list | tuple):
            return " + ".join(str(units) for units in value) + " units"
        return str(value)


@dataclass(frozen=True)
class ModelSpec:
    """What a student reads about a model, and how to build it."""

    name: str  # the command-line name: "svm", "cnn", ...
    display_name: str
    description: str
    family: str  # "classic" (scikit-learn) or "neural" (Keras)
    hyperparameters: dict[str, Any]
    # Test accuracy (%) that the projects Digit Lab grew out of published: (lowest, highest).
    published_accuracy: tuple[float, float] | None = None
    # Alternatives tried on the validation split; the best one is kept.
    candidates: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    # What a user may set when training it from the "Compare models" page.
    settings: tuple[Setting, ...] = field(default_factory=tuple)
    # A label short enough for a point on a chart.
    short_name: str = ""

    @property
    def train_command(self) -> str:
        return f"python -m core train --model {self.name}"


# Reports progress of long work (training, evaluation, embeddings): the share done, from
# 0 to 1, measured in real units (epochs, candidates, model sizes), and a line of text a
# terminal or a page can show. One shape everywhere, so a page's bar moves with the work.
ProgressCallback = Callable[[float, str], None]


def within(progress: ProgressCallback | None, start: float, end: float) -> ProgressCallback | None:
    """`progress` for one stage of longer work: its 0..1 mapped onto start..end."""
    if progress is None:
        return None
    return lambda fraction, message: progress(start + (end - start) * min(max(fraction, 0.0), 1.0), message)


def as_model_input(images: np.ndarray) -> np.ndarray:
    """Check images and return them as float32 (N, 28, 28) in [0, 1]."""
    if not isinstance(images, np.ndarray):
        raise ModelInputError(f"expected a numpy array of images, got {type(images).__name__}")
    side = config.IMAGE_SIDE
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or images.shape[1:] != (side, side):
        raise ModelInputError(
            f"expected images of shape (N, {side}, {side}) or (N, {side}, {side}, 1), got {images.shape}"
        )
    if images.dtype == np.uint8:
        return images.astype(np.float32) / 255.0
    if not np.issubdtype(images.dtype, np.floating):
        raise ModelInputError(f"expected uint8 (0 to 255) or float (0 to 1) pixels, got dtype {images.dtype}")
    if not np.isfinite(images).all():
        raise ModelInputError("images contain NaN or infinite values")
    if len(images) and (images.min() < 0.0 or images.max() > 1.0):
        raise ModelInputError(
            f"float pixels must lie in [0, 1], got [{images.min():.3g}, {images.max():.3g}]; "
            "divide uint8 images by 255"
        )
    return images.astype(np.float32, copy=False)


def as_labels(labels: np.ndarray, count: int) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.shape != (count,):
        raise ModelInputError(f"expected {count} labels, got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() >= config.NUM_CLASSES:
        raise ModelInputError("labels must be integers 0 to 9")
    return labels.astype(np.int64)


class DigitClassifier(ABC):
    """The uniform interface: fit, predict_proba, predict, save, load."""

    spec: ModelSpec
    # Set by fit: the hyper-parameters kept and the validation accuracy they reached.
    chosen_hyperparameters: dict[str, Any]
    validation_accuracy: float | None

    @abstractmethod
    def fit(
        self,
        images: np.ndarray,
        labels: np.ndarray,
        validation_images: np.ndarray,
        validation_labels: np.ndarray,
        progress: ProgressCallback | None = None,
    ) -> DigitClassifier: ...

    @abstractmethod
    def predict_proba(self, images: np.ndarray) -> np.ndarray:
        """Class probabilities, float32 (N, 10), rows summing to 1."""

    def predict(self, images: np.ndarray) -> np.ndarray:
        return self.predict_proba(images).argmax(axis=1)

    @abstractmethod
    def save(self, directory: Path) -> list[Path]:
        """Write the artefacts into directory; return their paths."""

    @property
    def parameter_count(self) -> int | None:
        return None
