"""Loading MNIST from the file that ships with the project, and checking it.

The file has the layout of the `mnist.npz` that `keras.datasets.mnist.load_data()`
caches: x_train (60000, 28, 28) uint8, y_train (60000,) uint8, x_test
(10000, 28, 28) uint8, y_test (10000,) uint8, with 0 = background, 255 = ink.
Nothing here downloads anything: the file is part of the repository.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import config

REQUIRED_KEYS = ("x_train", "y_train", "x_test", "y_test")


class DatasetError(ValueError):
    """The MNIST file is missing, damaged or not MNIST; the message says how to fix it."""


@dataclass(frozen=True)
class Dataset:
    """MNIST as read-only arrays: images (N, 28, 28) uint8, labels (N,) uint8."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    source: Path

    @property
    def train_size(self) -> int:
        return len(self.train_labels)

    @property
    def test_size(self) -> int:
        return len(self.test_labels)

    @property
    def image_shape(self) -> tuple[int, int]:
        return tuple(self.train_images.shape[1:])


def default_mnist_path() -> Path:
    """The file load_mnist() reads: $DIGITLAB_MNIST if set, else data/mnist.npz."""
    override = os.environ.get(config.MNIST_PATH_VARIABLE, "").strip()
    return Path(override).expanduser() if override else config.MNIST_PATH


def _how_to_fix(path: Path) -> str:
    return (
        f"Digit Lab ships MNIST as {config.MNIST_PATH.relative_to(config.PROJECT_ROOT)}: "
        "restore it with `git checkout -- data/mnist.npz` (or clone the repository again). "
        "With internet access you can instead run "
        "`python -c 'import keras; keras.datasets.mnist.load_data()'` and set "
        f"{config.MNIST_PATH_VARIABLE}=~/.keras/datasets/mnist.npz. "
        f"(File read: {path})"
    )


def load_mnist(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Read and check MNIST; raise DatasetError with a fix if anything is off.

    `path` defaults to default_mnist_path(). The returned arrays are read-only so
    that one copy can be shared safely between threads (Streamlit sessions).
    """
    path = Path(path) if path is not None else default_mnist_path()
    if not path.is_file():
        raise DatasetError(f"MNIST file not found. {_how_to_fix(path)}")

    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            # np.load hands back a bare array for a .npy file.
            raise DatasetError(f"The MNIST file is not an .npz archive. {_how_to_fix(path)}")
        with archive:
            missing = [key for key in REQUIRED_KEYS if key not in archive.files]
            if missing:
                raise DatasetError(
                    f"The MNIST file lacks the arrays {', '.join(missing)}; it is not "
                    f"keras's mnist.npz layout. {_how_to_fix(path)}"
                )
            # Reading an array is what decompresses it: a truncated member fails here.
            arrays = {key: archive[key] for key in REQUIRED_KEYS}
    except DatasetError:
        raise
    except (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error) as error:
        raise DatasetError(
            f"The MNIST file is damaged or truncated ({error}). {_how_to_fix(path)}"
        ) from error

    for split, expected_counts in (
        ("train", config.MNIST_TRAIN_LABEL_COUNTS),
        ("test", config.MNIST_TEST_LABEL_COUNTS),
    ):
        _check_split(arrays[f"x_{split}"], arrays[f"y_{split}"], split, expected_counts, path)

    for array in arrays.values():
        array.flags.writeable = False
    return Dataset(
        train_images=arrays["x_train"],
        train_labels=arrays["y_train"],
        test_images=arrays["x_test"],
        test_labels=arrays["y_test"],
        source=path,
    )


def _check_split(
    images: np.ndarray,
    labels: np.ndarray,
    split: str,
    expected_counts: tuple[int, ...],
    path: Path,
) -> None:
    side = config.IMAGE_SIDE
    expected_size = sum(expected_counts)
    problems = []
    if images.shape != (expected_size, side, side):
        problems.append(f"x_{split} has shape {images.shape}, expected ({expected_size}, {side}, {side})")
    if images.dtype != np.uint8:
        problems.append(f"x_{split} has dtype {images.dtype}, expected uint8 (0 to 255)")
    if labels.shape != (expected_size,):
        problems.append(f"y_{split} has shape {labels.shape}, expected ({expected_size},)")
    elif not np.issubdtype(labels.dtype, np.integer):
        problems.append(f"y_{split} has dtype {labels.dtype}, expected integer labels")
    elif labels.min() < 0 or labels.max() >= config.NUM_CLASSES:
        problems.append(f"y_{split} holds labels outside 0..9")
    else:
        counts = tuple(int(count) for count in class_counts(labels))
        if counts != expected_counts:
            problems.append(f"y_{split} label counts are {counts}, expected {expected_counts}")
    if problems:
        raise DatasetError(
            f"The MNIST file is not the standard MNIST: {'; '.join(problems)}. {_how_to_fix(path)}"
        )


def class_counts(labels: np.ndarray) -> np.ndarray:
    """How many images each digit 0..9 has: an int array of length 10."""
    return np.bincount(np.asarray(labels, dtype=np.int64), minlength=config.NUM_CLASSES)


def sample_indices(labels: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    """Indices of `per_class` random images of each digit, shape (10, per_class).

    The same seed always gives the same samples, so a view can be reproduced.
    A digit with fewer images than asked gives all it has, padded with -1.
    """
    if per_class < 1:
        raise ValueError(f"per_class must be at least 1, got {per_class}")
    rng = np.random.default_rng(seed)
    chosen = np.full((config.NUM_CLASSES, per_class), -1, dtype=np.int64)
    for digit in range(config.NUM_CLASSES):
        candidates = np.flatnonzero(labels == digit)
        picked = rng.choice(candidates, size=min(per_class, len(candidates)), replace=False)
        chosen[digit, : len(picked)] = picked
    return chosen
