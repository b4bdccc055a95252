"""How well each model reads a collection, beside how well it reads MNIST's test set."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from core import config
from core.models import DigitClassifier

# Below this many digits an accuracy says little: the page and the command line say so.
FEW_DIGITS = 30
Z_95 = 1.959964  # the normal quantile of a two-sided 95% interval


def wilson_interval(right: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """95% confidence interval of a proportion (Wilson's score interval: sound for small
    samples and for accuracies near 100%, where the textbook ±1.96·SE breaks down)."""
    if total == 0:
        return 0.0, 1.0
    share = right / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class CollectionScore:
    model: str
    accuracy: float
    interval: tuple[float, float]
    right: int
    total: int
    per_digit: np.ndarray = field(repr=False)  # (10,) accuracy per true digit, NaN where none
    confusion: np.ndarray = field(repr=False)  # (10, 10) counts, rows true, columns read
    mnist_accuracy: float | None = None

    @property
    def gap(self) -> float | None:
        """MNIST test accuracy minus accuracy on the collection (positive: you read worse)."""
        return None if self.mnist_accuracy is None else self.mnist_accuracy - self.accuracy


def score(
    name: str,
    model: DigitClassifier,
    frames: np.ndarray,
    labels: np.ndarray,
    mnist_accuracy: float | None = None,
) -> CollectionScore:
    if len(labels) == 0:
        raise ValueError("an empty collection cannot be scored: keep some digits first")
    predicted = np.argmax(model.predict_proba(frames), axis=1)
    classes = config.NUM_CLASSES
    confusion = np.zeros((classes, classes), np.int64)
    np.add.at(confusion, (labels.astype(np.int64), predicted), 1)
    totals = confusion.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_digit = np.where(totals > 0, np.diag(confusion) / np.maximum(totals, 1), np.nan)
    right = int(np.trace(confusion))
    return CollectionScore(
        model=name,
        accuracy=right / len(labels),
        interval=wilson_interval(right, len(labels)),
        right=right,
        total=len(labels),
        per_digit=per_digit,
        confusion=confusion,
        mnist_accuracy=mnist_accuracy,
    )


def few_digits_note(total: int) -> str | None:
    """A warning when the collection is too small for its accuracies to mean much."""
    if total >= FEW_DIGITS:
        return None
    low, high = wilson_interval(total, total)
    return (
        f"Only {total} digit{'s' if total != 1 else ''}: even all read right, the accuracy could be "
        f"anywhere from {low:.0%} to {high:.0%} (95% interval). Keep {FEW_DIGITS} or more, "
        "a few of each digit, to compare models."
    )


def score_rows(scores: list[CollectionScore], names: dict[str, str]) -> list[dict]:
    """The comparison's table: yours beside MNIST's, best on your digits first."""
    rows = []
    for result in sorted(scores, key=lambda result: -result.accuracy):
        low, high = result.interval
        rows.append(
            {
                "Model": names.get(result.model, result.model),
                "Your digits (%)": 100 * result.accuracy,
                "95% interval": f"{100 * low:.0f} to {100 * high:.0f}",
                "Read right": f"{result.right} of {result.total}",
                "MNIST test (%)": None if result.mnist_accuracy is None else 100 * result.mnist_accuracy,
                "Gap (points)": None if result.gap is None else 100 * result.gap,
            }
        )
    return rows
