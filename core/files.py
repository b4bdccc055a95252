"""Writing the files the app keeps (results, predictions, cached maps and statistics)
so that a reader never sees half of one, even when two sessions write at once."""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call `write` on a temporary file next to `path`, then move it into place in one
    step. The temporary name is unique to this process, so concurrent writers never
    write into each other's file; the last one to finish wins, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as file:
            write(file)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def save_arrays(path: Path, compress: bool = False, **arrays: np.ndarray) -> None:
    """`np.savez` (or `np.savez_compressed`) into `path`, atomically."""
    save = np.savez_compressed if compress else np.savez
    write_atomically(path, lambda file: save(file, **arrays))


def checksum(*arrays: np.ndarray) -> str:
    """8 hex digits identifying the arrays' contents, to tie a cached file to its data."""
    value = 0
    for array in arrays:
        value = zlib.crc32(np.ascontiguousarray(array).tobytes(), value)
    return f"{value:08x}"


class DamagedFileError(OSError):
    """A saved file exists but cannot be read back whole (truncated, corrupt, not ours)."""


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array of an .npz file, read now; DamagedFileError if any of it cannot be read.

    A truncated or corrupt file fails in many ways (BadZipFile, zlib.error, EOFError,
    ValueError, a missing member), most of them not OSError: callers catch one error.
    """
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {key: stored[key] for key in stored.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as error:
        raise DamagedFileError(f"{path.name} is damaged ({type(error).__name__}: {error})") from error
