from __future__ import annotations

import numpy as np
import pytest

from core.data import class_counts, load_mnist
from core.training import split_for_training, stratified_subset


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_stratified_subset_keeps_digit_shares_and_is_seeded():
    labels = np.array([0] * 50 + [1] * 30 + [2] * 20)
    picked = stratified_subset(labels, 10, seed=3)
    assert class_counts(labels[picked])[:3].tolist() == [5, 3, 2]
    assert len(np.unique(picked)) == 10
    assert np.array_equal(picked, stratified_subset(labels, 10, seed=3))
    with pytest.raises(ValueError):
        stratified_subset(labels, 0, seed=0)


def test_validation_split_is_carved_from_training_and_never_overlaps(mnist):
    split = split_for_training(mnist, train_size=None, seed=0)
    assert len(split.validation_labels) == 5_000
    assert len(split.train_labels) == 55_000
    # Stratified: every digit's share in validation is within one image of its share overall.
    expected = class_counts(mnist.train_labels) * 5_000 / 60_000
    assert np.abs(class_counts(split.validation_labels) - expected).max() <= 1
    train_rows = {image.tobytes() for image in split.train_images}
    assert not any(image.tobytes() in train_rows for image in split.validation_images)


def test_a_smaller_training_set_is_a_stratified_subset(mnist):
    split = split_for_training(mnist, train_size=1_000, seed=0)
    assert len(split.train_labels) == 1_000
    assert class_counts(split.train_labels).min() >= 85
    again = split_for_training(mnist, train_size=1_000, seed=0)
    assert np.array_equal(split.train_labels, again.train_labels)
