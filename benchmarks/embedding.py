"""Benchmark of the Explorer's t-SNE: `python -m benchmarks.embedding [--size 10000]`.

On `size` MNIST training images after PCA to 50 dimensions, times openTSNE with its
default settings and with Digit Lab's (core.embedding.TSNE_SETTINGS), and scores
each map by how well it keeps the digits apart: the 3-fold cross-validated
accuracy of a 10-nearest-neighbour classifier on the 2-D points.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from openTSNE import TSNE
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import KNeighborsClassifier

from core.data import load_mnist
from core.embedding import PCA_DIMENSIONS, TSNE_SETTINGS, map_sample, pca_project


def neighbour_accuracy(points: np.ndarray, labels: np.ndarray) -> float:
    return float(cross_val_score(KNeighborsClassifier(10), points, labels, cv=3).mean())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    mnist = load_mnist()
    indices = map_sample(mnist.train_size, options.size, options.seed)
    started = time.perf_counter()
    reduced = pca_project(mnist.train_images[indices], PCA_DIMENSIONS, options.seed)
    print(f"PCA to {PCA_DIMENSIONS} dimensions: {time.perf_counter() - started:.1f} s")
    labels = mnist.train_labels[indices]
    for name, settings in (("openTSNE defaults", {}), ("Digit Lab settings", TSNE_SETTINGS)):
        started = time.perf_counter()
        points = np.asarray(TSNE(random_state=options.seed, **settings).fit(reduced))
        seconds = time.perf_counter() - started
        print(f"{name}: {seconds:.1f} s, 10-NN accuracy on the map {neighbour_accuracy(points, labels):.3f}")


if __name__ == "__main__":
    main()
