"""Streamlit caches for what every page shares; the one core module that imports streamlit.

The dataset is cached as a resource, not as data: st.cache_data would copy its
55 MB of arrays on every rerun of every session, while the arrays are read-only
(see core.data.load_mnist), so one shared copy is safe.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from core import config, embedding
from core.collection import CollectionStore, StoreUnavailableError, database_url
from core.compare import Predictions, read_predictions
from core.data import Dataset, DatasetError, default_mnist_path, load_mnist
from core.embedding import MapPlacer
from core.evaluate import PREDICTIONS_FILE, RESULTS_FILE, read_results
from core.explain import NeighbourIndex, build_index
from core.explore import DatasetStatistics, describe_cached
from core.models import DigitClassifier, ModelFileError, artefact_path, damage_in_file, load_model


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


# Models whose file failed to load, by name: (the file's modification time, the error).
# Process-wide, like the models themselves, so no session is offered a broken model
# that another session already tried.
_damaged_models: dict[str, tuple[float, ModelFileError]] = {}


@st.cache_resource(show_spinner="Loading the model…")
def _reader_model_at(name: str, modified: float) -> DigitClassifier | ModelFileError:
    try:
        model = load_model(name)
        # Warmed up: the first call of an onnxruntime session is several times slower.
        model.predict_proba(np.zeros((2, config.IMAGE_SIDE, config.IMAGE_SIDE), np.float32))
    except ModelFileError as error:
        _damaged_models[name] = (modified, error)
        return error  # cached too: a damaged file is not reloaded on every rerun
    return model


def reader_model(name: str) -> DigitClassifier:
    """A model for the reader, loaded once per version of its file and warmed up.

    Raises ModelNotTrainedError when its file is missing and ModelFileError when the file
    is damaged (each naming the command that builds it); a rebuilt file is picked up
    without a restart.
    """
    model = _reader_model_at(name, _modified(artefact_path(name)))
    if isinstance(model, ModelFileError):
        raise model
    return model


@st.cache_resource(show_spinner=False)
def _damage_in_file_at(name: str, modified: float) -> ModelFileError | None:
    return damage_in_file(name)


def known_damage(name: str) -> ModelFileError | None:
    """Why a model's current file cannot be served, or None: a failed load, or a check of
    the file that does not load it (once per version of the file)."""
    modified = _modified(artefact_path(name))
    failed_at, error = _damaged_models.get(name, (None, None))
    if failed_at == modified:
        return error
    return _damage_in_file_at(name, modified)


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


@st.cache_resource(show_spinner=False)
def _collection_store_at(url: str) -> CollectionStore:
    return CollectionStore(url)


def collection_store() -> CollectionStore | StoreUnavailableError:
    """The shared store of kept digits, or the error that says why there is none (not
    cached: the next rerun tries again, so a fixed database is picked up without a restart)."""
    try:
        return _collection_store_at(database_url())
    except StoreUnavailableError as error:
        return error


@st.cache_resource(show_spinner="Preparing the map for your digits…", max_entries=4)
def map_placer(method: str, size: int, seed: int) -> MapPlacer:
    """Places new digits on a map (its neighbour graph is built once per map)."""
    dataset = mnist()
    result = embedding.embed(dataset.train_images, dataset.train_labels, method, size, seed)
    return MapPlacer(dataset.train_images, result, seed)


@st.cache_resource(show_spinner="Finding every MNIST training digit’s features (once: a few seconds)…")
def neighbour_index() -> NeighbourIndex:
    """The CNN features of the 60,000 training digits, for "looks most like these"."""
    return build_index(mnist().train_images)
