"""Embeddings: shape, determinism, the caches, the shipped default, and map quality."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import KNeighborsClassifier

from core import embedding
from core.data import load_mnist


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(embedding.CACHE_VARIABLE, str(tmp_path))
    return tmp_path / "embeddings"


def test_pca_map_shape_and_determinism(mnist, private_cache):
    first = embedding.embed(mnist.train_images, mnist.train_labels, "pca", 1_000, seed=3)
    assert first.coordinates.shape == (1_000, 2) and first.coordinates.dtype == np.float32
    assert first.indices.shape == (1_000,) and np.all(np.diff(first.indices) > 0)
    np.testing.assert_array_equal(first.labels, mnist.train_labels[first.indices])
    again = embedding.compute(mnist.train_images[first.indices], "pca", seed=3)
    np.testing.assert_allclose(first.coordinates, again, atol=1e-4)


def test_tsne_is_deterministic_cached_on_the_second_call_and_keeps_digits_apart(mnist, private_cache):
    calls = []
    first = embedding.embed(
        mnist.train_images, mnist.train_labels, "tsne", 1_000, seed=1, progress=lambda f, m: calls.append(f)
    )
    assert not first.from_cache and first.seconds > 0
    assert calls and calls[-1] == pytest.approx(1.0) and calls == sorted(calls)
    assert len(list(private_cache.glob("tsne-n1000-seed1-*.npz"))) == 1

    second = embedding.embed(mnist.train_images, mnist.train_labels, "tsne", 1_000, seed=1)
    assert second.from_cache
    np.testing.assert_array_equal(first.coordinates, second.coordinates)

    recomputed = embedding.compute(mnist.train_images[first.indices], "tsne", seed=1)
    np.testing.assert_allclose(first.coordinates, recomputed, atol=1e-3)

    # The map keeps the digits apart: far better than a 2-D PCA of the same images.
    def separation(points):
        return cross_val_score(KNeighborsClassifier(10), points, first.labels, cv=3).mean()

    pca = embedding.compute(mnist.train_images[first.indices], "pca", seed=1)
    assert separation(first.coordinates) > 0.75 and separation(first.coordinates) > separation(pca) + 0.2


def test_the_default_map_ships_with_the_project(mnist, private_cache):
    for method in embedding.METHODS:
        result = embedding.embed(mnist.train_images, mnist.train_labels, method, embedding.DEFAULT_SAMPLE, 0)
        assert result.from_cache, f"{method} default is not in {embedding.SHIPPED_DIR}"
        assert result.coordinates.shape == (embedding.DEFAULT_SAMPLE, 2)
    assert not private_cache.exists()  # nothing had to be computed


def test_bad_requests_are_refused(mnist):
    with pytest.raises(ValueError, match="between 1,000 and 20,000"):
        embedding.map_sample(60_000, 50, 0)
    with pytest.raises(ValueError, match="cannot sample"):
        embedding.map_sample(1_500, 2_000, 0)
    with pytest.raises(ValueError, match="unknown method"):
        embedding.compute(mnist.train_images[:10], "umap", 0)
