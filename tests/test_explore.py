"""Dataset statistics on tiny hand-made images with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from core.explore import (
    class_balance,
    describe,
    describe_cached,
    farthest_from_mean,
    ink_per_image,
    inked_frequency,
    intensity_histogram,
    mean_images,
    never_inked_share,
    std_images,
)


def tiny_images() -> tuple[np.ndarray, np.ndarray]:
    """Four 2x2 images: two 0s, one 1, one 7."""
    images = np.array(
        [
            [[255, 0], [0, 0]],  # 0
            [[255, 255], [0, 0]],  # 0
            [[0, 0], [0, 51]],  # 1
            [[0, 0], [0, 0]],  # 7, blank
        ],
        np.uint8,
    )
    return images, np.array([0, 0, 1, 7])


def test_class_balance_counts_shares_and_extremes():
    balance = class_balance(np.array([0, 0, 0, 1, 2, 2]), np.array([0, 1]))
    assert balance.train_counts.tolist() == [3, 1, 2, 0, 0, 0, 0, 0, 0, 0]
    assert balance.test_counts.tolist()[:3] == [1, 1, 0]
    assert balance.train_shares[0] == pytest.approx(0.5)
    assert balance.largest == 0
    assert balance.smallest == 3  # the first digit with the fewest (none)


def test_mean_and_std_images_per_digit():
    images, labels = tiny_images()
    means = mean_images(images, labels)
    np.testing.assert_allclose(means[0], [[255, 127.5], [0, 0]])
    np.testing.assert_allclose(means[1], [[0, 0], [0, 51]])
    assert np.isnan(means[5]).all()  # no 5 in the data
    stds = std_images(images, labels)
    np.testing.assert_allclose(stds[0], [[0, 127.5], [0, 0]])
    assert not stds[7].any()


def test_intensity_histogram_and_ink():
    images, _ = tiny_images()
    histogram = intensity_histogram(images)
    assert histogram.shape == (256,) and histogram.sum() == 16
    assert histogram[0] == 12 and histogram[255] == 3 and histogram[51] == 1
    np.testing.assert_allclose(ink_per_image(images), [1.0, 2.0, 0.2, 0.0])


def test_inked_frequency_and_never_inked_share():
    images, _ = tiny_images()
    np.testing.assert_allclose(inked_frequency(images), [[0.5, 0.25], [0.0, 0.25]])
    assert never_inked_share(images) == pytest.approx(0.25)  # only the bottom-left pixel


def test_farthest_from_mean_orders_by_distance_within_each_digit():
    images = np.zeros((4, 2, 2), np.uint8)
    images[1, 0, 0] = 10
    images[2, 0, 0] = 200  # the 3 images labelled 3: mean [70, 0...], 2 is farthest, then 0
    images[3, 1, 1] = 5
    outliers = farthest_from_mean(images, np.array([3, 3, 3, 4]), per_class=2)
    assert outliers[3].tolist() == [2, 0]
    assert outliers[4].tolist() == [3]


def test_describe_gathers_everything_and_checks_shapes():
    images, labels = tiny_images()
    statistics = describe(images, labels, np.array([0, 1]))
    assert statistics.never_inked_share == pytest.approx(0.25)
    assert statistics.ink.shape == (4,) and statistics.means.shape == (10, 2, 2)
    with pytest.raises(ValueError, match="labels"):
        mean_images(images, labels[:2])
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        ink_per_image(images.reshape(4, 4))


def test_statistics_are_kept_on_disk_and_read_back_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITLAB_CACHE", str(tmp_path))
    images, labels = tiny_images()
    computed = describe_cached(images, labels, np.array([0, 1]))
    stored = list((tmp_path / "statistics").glob("*.npz"))
    assert len(stored) == 1
    again = describe_cached(images, labels, np.array([0, 1]))
    np.testing.assert_array_equal(again.means, computed.means)
    np.testing.assert_array_equal(again.ink, computed.ink)
    assert again.never_inked_share == computed.never_inked_share
    assert {digit: list(indices) for digit, indices in again.outliers.items()} == {
        digit: list(indices) for digit, indices in computed.outliers.items()
    }
    # Other data, other file.
    describe_cached(images[:3], labels[:3], np.array([0]))
    assert len(list((tmp_path / "statistics").glob("*.npz"))) == 2


def test_a_map_selection_is_told_as_counts_per_digit():
    from core.explore import digit_counts_text

    labels = np.array([0] * 120 + [6] * 80 + [8] * 1 + [3] * 80)
    assert digit_counts_text(labels) == "120 zeros, 80 threes, 80 sixes, 1 eight"
