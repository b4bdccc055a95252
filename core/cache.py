"""Streamlit caches for what every page shares; the one core module that imports streamlit.

The dataset is cached as a resource, not as data: st.cache_data would copy its
55 MB of arrays on every rerun of every session, while the arrays are read-only
(see core.data.load_mnist), so one shared copy is safe.
"""

from __future__ import annotations

import streamlit as st

from core.data import Dataset, DatasetError, default_mnist_path, load_mnist


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
