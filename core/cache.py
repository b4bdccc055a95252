"""Streamlit caches for what every page shares; the one core module that imports streamlit.

The dataset is cached as a resource, not as data: st.cache_data would copy its
55 MB of arrays on every rerun of every session, while the arrays are read-only
(see core.data.load_mnist), so one shared copy is safe.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from core import config
from core.compare import Predictions, read_predictions
from core.data import Dataset, DatasetError, default_mnist_path, load_mnist
from core.evaluate import PREDICTIONS_FILE, RESULTS_FILE, read_results
from core.explore import DatasetStatistics, describe_cached
from core.models import DigitClassifier, load_model


@st.cache_resource(show_spinner="Loading MNIST…")
def _mnist_at(path: str) -> Dataset:
    return load_mnist(path)


def mnist() -> Dataset:
    """The shared dataset, cached per file so that a changed $DIGITLAB_MNIST is honoured."""
    return _mnist_at(str(default_mnist_path()))


def mnist_or_stop() -> Dataset:
    """The dataset, or a clear error on the page (and nothing more of it) if the file is bad."""
    try:
        return mnist()
    except DatasetError as error:
        st.error(f"**The dataset could not be loaded.** {error}")
        st.stop()


@st.cache_resource(show_spinner="Loading the model…")
def reader_model(name: str) -> DigitClassifier:
    """A model for the reader, loaded once per process and warmed up (the first call of
    an onnxruntime session is several times slower than the next ones)."""
    model = load_model(name)
    model.predict_proba(np.zeros((2, config.IMAGE_SIDE, config.IMAGE_SIDE), np.float32))
    return model


@st.cache_resource(show_spinner="Computing the dataset's statistics…")
def _statistics_at(path: str) -> DatasetStatistics:
    dataset = _mnist_at(path)
    return describe_cached(dataset.train_images, dataset.train_labels, dataset.test_labels)


def dataset_statistics() -> DatasetStatistics:
    """The Explorer's statistics of the shared dataset, computed once per process."""
    return _statistics_at(str(default_mnist_path()))


def _modified(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_resource(show_spinner=False)
def _results_at(directory: str, modified: float) -> dict:
    return read_results(Path(directory))


@st.cache_resource(show_spinner="Loading the saved test-set predictions…")
def _predictions_at(directory: str, modified: float) -> Predictions:
    return read_predictions(Path(directory))


def committed_results(directory: Path = config.MODELS_DIR) -> dict:
    """models/results.json, read once per version of the file; ResultsError if unusable."""
    return _results_at(str(directory), _modified(directory / RESULTS_FILE))


def committed_predictions(directory: Path = config.MODELS_DIR) -> Predictions:
    return _predictions_at(str(directory), _modified(directory / PREDICTIONS_FILE))
