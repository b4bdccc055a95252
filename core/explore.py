"""Statistics of a set of digit images, for the "Explore MNIST" page and the notebooks.

Every function takes plain arrays (images (N, 28, 28) uint8, labels (N,)) and
returns plain arrays or small tables, so each is checked on tiny hand-made
inputs with known answers (tests/test_explore.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core import config
from core.files import DamagedFileError, checksum, read_arrays, save_arrays

# A pixel counts as inked from this intensity on (0..255): MNIST's anti-aliased edges
# start at 1, so "never inked" means never touched at all.
INK_LEVEL = 1


@dataclass(frozen=True)
class ClassBalance:
    digits: np.ndarray  # 0..9
    train_counts: np.ndarray
    test_counts: np.ndarray

    @property
    def train_shares(self) -> np.ndarray:
        return self.train_counts / self.train_counts.sum()

    @property
    def test_shares(self) -> np.ndarray:
        return self.test_counts / self.test_counts.sum()

    @property
    def largest(self) -> int:
        return int(self.digits[np.argmax(self.train_counts)])

    @property
    def smallest(self) -> int:
        return int(self.digits[np.argmin(self.train_counts)])

    @property
    def imbalance(self) -> float:
        """Largest class over smallest class, in the training set."""
        return float(self.train_counts.max() / self.train_counts.min())


def class_balance(train_labels: np.ndarray, test_labels: np.ndarray) -> ClassBalance:
    digits = np.arange(config.NUM_CLASSES)
    return ClassBalance(
        digits,
        np.bincount(train_labels, minlength=config.NUM_CLASSES),
        np.bincount(test_labels, minlength=config.NUM_CLASSES),
    )


def _check(images: np.ndarray, labels: np.ndarray | None = None) -> None:
    if images.ndim != 3:
        raise ValueError(f"expected images (N, H, W), got shape {images.shape}")
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"{len(images)} images but {len(labels)} labels")


def mean_images(images: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(10, H, W) float32: the average image of each digit, in 0..255 (nan for a digit with no image)."""
    _check(images, labels)
    means = np.full((config.NUM_CLASSES, *images.shape[1:]), np.nan, np.float32)
    for digit in np.unique(labels):
        means[digit] = images[labels == digit].mean(axis=0, dtype=np.float64)
    return means


def std_images(images: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(10, H, W) float32: per-pixel standard deviation within each digit: where its writers disagree."""
    _check(images, labels)
    stds = np.full((config.NUM_CLASSES, *images.shape[1:]), np.nan, np.float32)
    for digit in np.unique(labels):
        stds[digit] = images[labels == digit].astype(np.float32).std(axis=0)
    return stds


def intensity_histogram(images: np.ndarray) -> np.ndarray:
    """(256,) counts of each pixel value over all images."""
    _check(images)
    return np.bincount(images.ravel(), minlength=256)


def ink_per_image(images: np.ndarray) -> np.ndarray:
    """(N,) float32: how much ink each image holds, in fully inked pixels (sum of intensities / 255)."""
    _check(images)
    return images.reshape(len(images), -1).sum(axis=1, dtype=np.int64).astype(np.float32) / 255.0


def inked_frequency(images: np.ndarray) -> np.ndarray:
    """(H, W) float32: the share of images in which each pixel holds any ink."""
    _check(images)
    return (images >= INK_LEVEL).mean(axis=0, dtype=np.float64).astype(np.float32)


def never_inked_share(images: np.ndarray) -> float:
    """The share of pixel positions that hold no ink in any image."""
    return float((inked_frequency(images) == 0).mean())


def farthest_from_mean(images: np.ndarray, labels: np.ndarray, per_class: int) -> dict[int, np.ndarray]:
    """For each digit, the indices of its `per_class` images farthest (Euclidean) from the
    digit's mean image, farthest first: the odd ones out, and often mislabelled ones."""
    _check(images, labels)
    means = mean_images(images, labels)
    outliers = {}
    for digit in np.unique(labels):
        indices = np.flatnonzero(labels == digit)
        flat = images[indices].reshape(len(indices), -1).astype(np.float32)
        distances = np.linalg.norm(flat - means[digit].reshape(1, -1), axis=1)
        order = np.argsort(-distances, kind="stable")[:per_class]
        outliers[int(digit)] = indices[order]
    return outliers


MAX_OUTLIERS = 50


@dataclass(frozen=True)
class DatasetStatistics:
    """Everything the Explorer shows about the training set, computed once."""

    balance: ClassBalance
    means: np.ndarray  # (10, 28, 28)
    stds: np.ndarray  # (10, 28, 28)
    histogram: np.ndarray  # (256,)
    ink: np.ndarray  # (60000,)
    inked_frequency: np.ndarray  # (28, 28)
    outliers: dict[int, np.ndarray]  # digit -> up to MAX_OUTLIERS training indices, farthest first

    @property
    def never_inked_share(self) -> float:
        """The share of pixel positions that hold no ink in any training image."""
        return float((self.inked_frequency == 0).mean())


def describe(
    train_images: np.ndarray, train_labels: np.ndarray, test_labels: np.ndarray
) -> DatasetStatistics:
    return DatasetStatistics(
        balance=class_balance(train_labels, test_labels),
        means=mean_images(train_images, train_labels),
        stds=std_images(train_images, train_labels),
        histogram=intensity_histogram(train_images),
        ink=ink_per_image(train_images),
        inked_frequency=inked_frequency(train_images),
        outliers=farthest_from_mean(train_images, train_labels, MAX_OUTLIERS),
    )


STATISTICS_VERSION = 1


def describe_cached(
    train_images: np.ndarray, train_labels: np.ndarray, test_labels: np.ndarray
) -> DatasetStatistics:
    """`describe`, kept on disk (config.cache_dir("statistics")) so that a restarted
    server reads it back in milliseconds instead of computing it again (about 2 s)."""
    # A checksum of the labels and of every 100th image ties the file to the data.
    fingerprint = checksum(train_labels, train_images[:: max(1, len(train_images) // 100)])
    path = config.cache_dir("statistics") / f"train-v{STATISTICS_VERSION}-{fingerprint}.npz"
    if path.is_file():
        # A damaged or outdated file is only a cache: it is computed again and replaced.
        try:
            stored = read_arrays(path)
            return DatasetStatistics(
                balance=class_balance(train_labels, test_labels),
                means=stored["means"],
                stds=stored["stds"],
                histogram=stored["histogram"],
                ink=stored["ink"],
                inked_frequency=stored["inked_frequency"],
                outliers={
                    int(key.removeprefix("outliers_")): stored[key]
                    for key in stored
                    if key.startswith("outliers_")
                },
            )
        except (DamagedFileError, KeyError):
            pass
    statistics = describe(train_images, train_labels, test_labels)
    save_arrays(
        path,
        means=statistics.means,
        stds=statistics.stds,
        histogram=statistics.histogram,
        ink=statistics.ink,
        inked_frequency=statistics.inked_frequency,
        **{f"outliers_{digit}": indices for digit, indices in statistics.outliers.items()},
    )
    return statistics


def digit_counts_text(labels: np.ndarray) -> str:
    """What a selection holds, most common digit first: "120 zeros, 80 sixes, 3 eights"."""
    digits, counts = np.unique(np.asarray(labels), return_counts=True)
    order = np.lexsort((digits, -counts))
    return ", ".join(
        f"{counts[i]:,} {DIGIT_WORDS[digits[i]] if counts[i] == 1 else DIGIT_PLURALS[digits[i]]}"
        for i in order
    )


DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
DIGIT_PLURALS = ("zeros", "ones", "twos", "threes", "fours", "fives", "sixes", "sevens", "eights", "nines")


def collection_means(frames: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(10, 28, 28) float mean image of each digit of a collection; NaN for a digit it lacks."""
    side = config.IMAGE_SIDE
    means = np.full((config.NUM_CLASSES, side, side), np.nan, np.float32)
    for digit in range(config.NUM_CLASSES):
        chosen = frames[labels == digit]
        if len(chosen):
            means[digit] = chosen.astype(np.float32).mean(axis=0)
    return means
