from __future__ import annotations

import numpy as np
import pytest

from core import config
from core.data import DatasetError, class_counts, default_mnist_path, load_mnist, sample_indices


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_loads_the_shipped_mnist(mnist):
    assert mnist.train_images.shape == (60_000, 28, 28)
    assert mnist.test_images.shape == (10_000, 28, 28)
    assert mnist.train_images.dtype == np.uint8
    assert mnist.test_labels.shape == (10_000,)
    assert (mnist.train_size, mnist.test_size, mnist.image_shape) == (60_000, 10_000, (28, 28))
    assert tuple(class_counts(mnist.train_labels)) == config.MNIST_TRAIN_LABEL_COUNTS
    assert tuple(class_counts(mnist.test_labels)) == config.MNIST_TEST_LABEL_COUNTS
    # Real digits, not an empty array of the right shape: ink on a dark background.
    assert mnist.train_images.max() == 255
    assert 25 < mnist.train_images.mean() < 40


def test_arrays_are_read_only_so_sessions_can_share_them(mnist):
    with pytest.raises(ValueError, match="read-only"):
        mnist.train_images[0, 0, 0] = 1


def _assert_actionable(error: DatasetError, path) -> None:
    message = str(error)
    assert "git checkout -- data/mnist.npz" in message
    assert config.MNIST_PATH_VARIABLE in message
    assert str(path) in message


def test_truncated_file_gives_a_clear_error(tmp_path):
    truncated = tmp_path / "mnist.npz"
    truncated.write_bytes(config.MNIST_PATH.read_bytes()[:5_000_000])
    with pytest.raises(DatasetError, match="damaged or truncated") as caught:
        load_mnist(truncated)
    _assert_actionable(caught.value, truncated)


def test_bytes_that_are_not_an_archive_give_a_clear_error(tmp_path):
    text = tmp_path / "mnist.npz"
    text.write_text("not a dataset")
    with pytest.raises(DatasetError, match="damaged or truncated"):
        load_mnist(text)


def test_a_single_npy_array_is_rejected(tmp_path):
    single = tmp_path / "mnist.npy"
    np.save(single, np.zeros((3, 28, 28), dtype=np.uint8))
    with pytest.raises(DatasetError, match="not an .npz archive"):
        load_mnist(single)


def _write_fake(path, train_images, train_labels, test_images=None, test_labels=None):
    test_images = np.zeros((10_000, 28, 28), np.uint8) if test_images is None else test_images
    test_labels = np.repeat(np.arange(10), 1000).astype(np.uint8) if test_labels is None else test_labels
    np.savez(path, x_train=train_images, y_train=train_labels, x_test=test_images, y_test=test_labels)


def test_wrong_shape_gives_a_clear_error(tmp_path):
    wrong = tmp_path / "mnist.npz"
    _write_fake(wrong, np.zeros((100, 32, 32), np.uint8), np.zeros(100, np.uint8))
    expected = r"x_train has shape \(100, 32, 32\), expected \(60000, 28, 28\)"
    with pytest.raises(DatasetError, match=expected) as caught:
        load_mnist(wrong)
    _assert_actionable(caught.value, wrong)


def test_float_images_are_rejected(tmp_path):
    floats = tmp_path / "mnist.npz"
    labels = np.repeat(np.arange(10), 6000).astype(np.uint8)
    _write_fake(floats, np.zeros((60_000, 28, 28), np.float32), labels)
    with pytest.raises(DatasetError, match="x_train has dtype float32, expected uint8"):
        load_mnist(floats)


def test_wrong_label_counts_are_rejected(tmp_path):
    # Right shapes and dtypes, but 6,000 of each digit: not the standard split.
    balanced = tmp_path / "mnist.npz"
    labels = np.repeat(np.arange(10), 6000).astype(np.uint8)
    _write_fake(balanced, np.zeros((60_000, 28, 28), np.uint8), labels)
    with pytest.raises(DatasetError, match="y_train label counts are"):
        load_mnist(balanced)


def test_missing_arrays_are_named(tmp_path):
    partial = tmp_path / "mnist.npz"
    np.savez(partial, x_train=np.zeros((1, 28, 28), np.uint8))
    with pytest.raises(DatasetError, match="lacks the arrays y_train, x_test, y_test"):
        load_mnist(partial)


def test_missing_file_says_how_to_get_it_back(tmp_path):
    absent = tmp_path / "nowhere.npz"
    with pytest.raises(DatasetError, match="not found") as caught:
        load_mnist(absent)
    _assert_actionable(caught.value, absent)


def test_environment_variable_points_at_another_copy(tmp_path, monkeypatch):
    copy = tmp_path / "keras-mnist.npz"
    copy.symlink_to(config.MNIST_PATH)
    monkeypatch.setenv(config.MNIST_PATH_VARIABLE, str(copy))
    assert default_mnist_path() == copy
    assert load_mnist().source == copy

    monkeypatch.setenv(config.MNIST_PATH_VARIABLE, str(tmp_path / "typo.npz"))
    with pytest.raises(DatasetError, match="typo.npz"):
        load_mnist()


def test_class_counts_counts_every_digit_even_absent_ones():
    assert class_counts(np.array([3, 3, 0, 9])).tolist() == [1, 0, 0, 2, 0, 0, 0, 0, 0, 1]


def test_sample_indices_pick_the_right_digits_reproducibly():
    labels = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9] * 5 + [7])
    first = sample_indices(labels, per_class=3, seed=11)
    assert first.shape == (10, 3)
    for digit, row in enumerate(first):
        assert (labels[row] == digit).all()
        assert len(set(row.tolist())) == 3
    assert np.array_equal(first, sample_indices(labels, per_class=3, seed=11))
    assert not np.array_equal(first, sample_indices(labels, per_class=3, seed=12))


def test_sample_indices_pad_a_short_class_with_minus_one():
    labels = np.array([0, 0, 1])
    picked = sample_indices(labels, per_class=2, seed=0)
    assert sorted(picked[0].tolist()) == [0, 1]
    assert picked[1].tolist() == [2, -1]
    assert (picked[2:] == -1).all()
    with pytest.raises(ValueError, match="at least 1"):
        sample_indices(labels, per_class=0, seed=0)
