"""2-D maps of MNIST: PCA and t-SNE (openTSNE after PCA to 50 dimensions), cached on disk.

An embedding is identified by its method, sample size and seed; the same request
gives the same points. Results are looked up first among the ones shipped with
the project (data/embeddings/, so a first visit is instant for the default), then
in the local cache (.cache/embeddings/, or $DIGITLAB_CACHE/embeddings), and only
then computed and written to the local cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import config
from core.files import DamagedFileError, checksum, read_arrays, save_arrays

METHODS = ("tsne", "pca")
METHOD_NAMES = {"tsne": "t-SNE", "pca": "PCA"}
MIN_SAMPLE, MAX_SAMPLE = 1_000, 20_000
DEFAULT_SAMPLE = 5_000
PCA_DIMENSIONS = 50
# openTSNE's defaults: 250 early-exaggeration and 500 further iterations, 3
# interpolation points per interval of its FFT gradient, one thread. Fewer
# iterations and 2 interpolation points keep the map as good (a 10-nearest-neighbour
# classifier on the 2-D points scores the same) in a fraction of the time:
# `python -m benchmarks.embedding` measures both.
TSNE_SETTINGS = {
    "perplexity": 30,
    "early_exaggeration_iter": 125,
    "n_iter": 300,
    "n_interpolation_points": 2,
    "n_jobs": 2,
}
# Bump when a change to the computation would make cached maps differ.
CACHE_VERSION = 1
SHIPPED_DIR = config.DATA_DIR / "embeddings"
CACHE_VARIABLE = config.CACHE_VARIABLE

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Embedding:
    method: str
    indices: np.ndarray  # which training images, ascending
    coordinates: np.ndarray  # float32 (n, 2)
    labels: np.ndarray
    seconds: float  # how long computing it took (when it was computed)
    from_cache: bool


def cache_dir() -> Path:
    return config.cache_dir("embeddings")


def map_sample(count: int, size: int, seed: int) -> np.ndarray:
    """`size` distinct indices out of `count`, ascending, the same for the same seed."""
    if not MIN_SAMPLE <= size <= MAX_SAMPLE:
        raise ValueError(f"sample size must be between {MIN_SAMPLE:,} and {MAX_SAMPLE:,}, got {size:,}")
    if size > count:
        raise ValueError(f"cannot sample {size:,} of {count:,} images")
    return np.sort(np.random.default_rng(seed).choice(count, size=size, replace=False))


def cache_name(method: str, size: int, seed: int, labels: np.ndarray) -> str:
    # The labels' checksum ties a cached map to the data it was made from.
    return f"{method}-n{size}-seed{seed}-v{CACHE_VERSION}-{checksum(labels)}.npz"


def pca_project(images: np.ndarray, dimensions: int, seed: int) -> np.ndarray:
    from sklearn.decomposition import PCA

    flat = images.reshape(len(images), -1).astype(np.float32) / 255.0
    return PCA(dimensions, random_state=seed).fit_transform(flat).astype(np.float32)


def _tsne(points: np.ndarray, seed: int, progress: Progress) -> np.ndarray:
    from openTSNE import TSNE

    every = 25
    total_calls = (TSNE_SETTINGS["early_exaggeration_iter"] + TSNE_SETTINGS["n_iter"]) // every
    calls = 0

    def report(iteration, error, embedding):  # openTSNE's callback signature
        nonlocal calls
        calls += 1
        progress(0.2 + 0.8 * min(calls / total_calls, 1.0), "Arranging the map (t-SNE)")
        return False  # keep going

    progress(0.1, "Finding each image's neighbours")
    tsne = TSNE(random_state=seed, callbacks=report, callbacks_every_iters=every, **TSNE_SETTINGS)
    return np.asarray(tsne.fit(points), dtype=np.float32)


def compute(images: np.ndarray, method: str, seed: int, progress: Progress | None = None) -> np.ndarray:
    """(n, 2) float32 map of the images; no caching."""
    progress = progress or (lambda fraction, message: None)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {METHODS}")
    if method == "pca":
        progress(0.5, "Projecting (PCA)")
        return pca_project(images, 2, seed)
    progress(0.0, "Reducing to 50 dimensions (PCA)")
    return _tsne(pca_project(images, PCA_DIMENSIONS, seed), seed, progress)


def embed(
    images: np.ndarray,
    labels: np.ndarray,
    method: str,
    size: int,
    seed: int = 0,
    progress: Progress | None = None,
    save_to: Path | None = None,
) -> Embedding:
    """The map of `size` training images drawn with `seed`: from the shipped or local
    cache when there, otherwise computed (with `progress(fraction, message)` calls) and
    written to the local cache (or to `save_to`: SHIPPED_DIR to ship it)."""
    indices = map_sample(len(images), size, seed)
    name = cache_name(method, size, seed, labels[indices])
    for folder in (SHIPPED_DIR, cache_dir()):
        path = folder / name
        if path.is_file():
            # A damaged map is only a cache: it is skipped, computed again and rewritten.
            try:
                stored = read_arrays(path)
                coordinates, seconds = stored["coordinates"], float(stored["seconds"])
            except (DamagedFileError, KeyError, TypeError):
                continue
            if coordinates.shape == (len(indices), 2):
                return Embedding(method, indices, coordinates, labels[indices], seconds, True)
    started = time.perf_counter()
    coordinates = compute(images[indices], method, seed, progress)
    seconds = time.perf_counter() - started
    # Two sessions computing the same map each write it whole; neither sees half a file.
    save_arrays((save_to or cache_dir()) / name, coordinates=coordinates, seconds=np.float64(seconds))
    return Embedding(method, indices, coordinates, labels[indices], seconds, False)


NEIGHBOURS_SHOWN = 5


@dataclass(frozen=True)
class Placement:
    coordinates: np.ndarray  # float32 (m, 2): where the new images fall on the map
    neighbours: np.ndarray  # (m, NEIGHBOURS_SHOWN) training indices, nearest first


class MapPlacer:
    """Places new images (a person's own digits) on an existing map without moving it.

    PCA maps project them with the same fitted projection. t-SNE maps use openTSNE's
    `transform`: each new point starts at the median of its nearest map points and is
    then optimised against the fixed map (Poličar et al., openTSNE, 2019). Building the
    placer costs the map's neighbour graph (a few seconds for 5,000 points): cache it.
    """

    def __init__(self, images: np.ndarray, embedding: Embedding, seed: int = 0):
        from sklearn.decomposition import PCA

        self.embedding = embedding
        flat = _flat(images[embedding.indices])
        dimensions = 2 if embedding.method == "pca" else PCA_DIMENSIONS
        # Fitted exactly as compute() fitted it (same data, same seed), so the map's own
        # points project to where they are drawn.
        self.pca = PCA(dimensions, random_state=seed).fit(flat)
        self.points = self.pca.transform(flat).astype(np.float32)
        self.tsne = None
        if embedding.method == "tsne":
            from openTSNE import TSNEEmbedding
            from openTSNE.affinity import PerplexityBasedNN

            affinities = PerplexityBasedNN(
                self.points,
                perplexity=TSNE_SETTINGS["perplexity"],
                n_jobs=TSNE_SETTINGS["n_jobs"],
                random_state=seed,
            )
            self.tsne = TSNEEmbedding(
                embedding.coordinates.astype(np.float64),
                affinities,
                n_interpolation_points=TSNE_SETTINGS["n_interpolation_points"],
                n_jobs=TSNE_SETTINGS["n_jobs"],
                random_state=seed,
            )

    def place(self, new_images: np.ndarray) -> Placement:
        """Where `new_images` (uint8 (m, 28, 28)) fall, and their nearest map images."""
        projected = self.pca.transform(_flat(new_images)).astype(np.float32)
        distances = ((projected[:, None, :] - self.points[None, :, :]) ** 2).sum(axis=2)
        nearest = np.argsort(distances, axis=1)[:, :NEIGHBOURS_SHOWN]
        if self.tsne is None:
            coordinates = projected
        else:
            coordinates = np.asarray(self.tsne.transform(projected), dtype=np.float32)
        return Placement(coordinates, self.embedding.indices[nearest])


def _flat(images: np.ndarray) -> np.ndarray:
    return images.reshape(len(images), -1).astype(np.float32) / 255.0
