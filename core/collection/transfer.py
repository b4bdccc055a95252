"""A collection in and out of files: MNIST's npz layout (`x`, `y`) and a CSV table."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from core import config
from core.collection.store import CollectionError, CollectionStore, KeptDigit
from core.files import DamagedFileError, read_arrays, save_arrays

CSV_FIELDS = ("id", "label", "read_as", "confidence", "model", "source", "created_at")


def export_npz(store: CollectionStore, collection: str, path: Path) -> int:
    """keras.datasets.mnist's layout: `x` uint8 (N, 28, 28), `y` uint8 (N,)."""
    frames, labels = store.arrays(collection)
    save_arrays(Path(path), compress=True, x=frames, y=labels)
    return len(labels)


def export_csv(store: CollectionStore, collection: str, path: Path) -> int:
    """One row per digit: what is known about it, then its 784 pixels (pixel0 ... pixel783,
    row by row, as the Kaggle MNIST CSV)."""
    digits = store.digits(collection)
    pixel_names = [f"pixel{index}" for index in range(config.IMAGE_SIDE**2)]
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*CSV_FIELDS, *pixel_names])
        for digit in digits:
            known = [getattr(digit, name) for name in CSV_FIELDS]
            known[CSV_FIELDS.index("created_at")] = digit.created_at.isoformat() if digit.created_at else ""
            writer.writerow(
                ["" if value is None else value for value in known] + digit.frame.ravel().tolist()
            )
    return len(digits)


def read_npz(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Frames and labels from a file in MNIST's npz layout, checked."""
    try:
        arrays = read_arrays(Path(path))
    except (DamagedFileError, FileNotFoundError) as error:
        raise CollectionError(f"Cannot import {path}: {error}") from error
    if "x" not in arrays or "y" not in arrays:
        raise CollectionError(
            f"{path} has {sorted(arrays)}; an MNIST-layout file has `x` (images) and `y` (labels)."
        )
    frames, labels = arrays["x"], arrays["y"]
    side = config.IMAGE_SIDE
    if frames.ndim != 3 or frames.shape[1:] != (side, side) or frames.dtype != np.uint8:
        raise CollectionError(f"`x` must be uint8 (N, 28, 28); {path} has {frames.dtype} {frames.shape}.")
    if labels.shape != (len(frames),) or not np.issubdtype(labels.dtype, np.integer):
        raise CollectionError(f"`y` must hold one whole-number label per image; {path} has {labels.shape}.")
    if len(labels) and (labels.min() < 0 or labels.max() > 9):
        raise CollectionError(f"Labels must be digits 0 to 9; {path} has {labels.min()} to {labels.max()}.")
    return frames, labels


def import_npz(store: CollectionStore, collection: str, path: Path) -> int:
    frames, labels = read_npz(path)
    digits = [
        KeptDigit(frame=frame, label=int(label), source="import")
        for frame, label in zip(frames, labels, strict=True)
    ]
    store.save(collection, digits)
    return len(digits)
