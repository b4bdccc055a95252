"""Paths and constants shared by the whole project.

Paths are anchored to this file, never to the working directory, so the app,
the tests and the notebooks find the same files wherever they are started.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
MODELS_DIR = PROJECT_ROOT / "models"
DOCS_DIR = PROJECT_ROOT / "docs"

MNIST_PATH = DATA_DIR / "mnist.npz"
# What the app computes once and keeps (embeddings, dataset statistics); gitignored.
CACHE_VARIABLE = "DIGITLAB_CACHE"
# A user with internet access can point this at keras's cached copy
# (~/.keras/datasets/mnist.npz) or any file of the same layout.
MNIST_PATH_VARIABLE = "DIGITLAB_MNIST"

IMAGE_SIDE = 28
NUM_CLASSES = 10
CLASS_NAMES = tuple(str(digit) for digit in range(NUM_CLASSES))

# Label counts of the standard MNIST split (LeCun, Cortes, Burges); a file that
# does not have them is not MNIST, or not all of it.
MNIST_TRAIN_LABEL_COUNTS = (5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949)
MNIST_TEST_LABEL_COUNTS = (980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009)


def cache_dir(kind: str) -> Path:
    """Where computed results of one kind are kept: .cache/<kind>, or $DIGITLAB_CACHE/<kind>."""
    return Path(os.environ.get(CACHE_VARIABLE) or PROJECT_ROOT / ".cache") / kind


# For the browser tests only: seconds the predictor waits before each reading, so a
# test can draw while the server is slow and check that no stroke is lost.
SLOW_READING_VARIABLE = "DIGITLAB_SLOW_READING_SECONDS"


def slow_reading_seconds() -> float:
    return float(os.environ.get(SLOW_READING_VARIABLE) or 0)
