"""Atomic writes and checksums for the files the app keeps."""

from __future__ import annotations

import numpy as np
import pytest

from core.files import checksum, save_arrays, write_atomically


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "results.json"
    path.write_text("old")

    def fail(file):
        file.write(b"half of it")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, fail)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_saved_arrays_read_back_and_checksums_follow_the_content(tmp_path):
    path = tmp_path / "deep" / "map.npz"
    save_arrays(path, compress=True, coordinates=np.arange(6.0).reshape(3, 2))
    with np.load(path) as stored:
        np.testing.assert_array_equal(stored["coordinates"], np.arange(6.0).reshape(3, 2))
    assert checksum(np.arange(3)) == checksum(np.arange(3))
    assert checksum(np.arange(3)) != checksum(np.arange(4))
    assert len(checksum(np.arange(3), np.ones(2))) == 8
