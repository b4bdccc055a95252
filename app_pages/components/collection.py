"""The collection chooser that Explore MNIST and Compare models share."""

import streamlit as st

from core.cache import collection_store
from core.collection import DEFAULT_COLLECTION, CollectionStore, StoreUnavailableError

# The collection this session last kept digits in or looked at: the pages' widgets come
# and go with their page, this stays.
CURRENT = "current_collection"


def chosen_collection() -> tuple[CollectionStore, str] | None:
    """The store and the collection to show (kept in the URL, as on Read a number); None,
    after saying why on the page, when the database cannot be used or nothing is kept yet."""
    store = collection_store()
    if isinstance(store, StoreUnavailableError):
        st.warning(str(store), icon=":material/database:")
        return None
    sizes = store.collections()
    if not sizes:
        st.info(
            "No digits kept yet. On **Read a number**, draw or upload a number, correct any "
            "misread digit, and click **Keep these digits**: they appear in Explore MNIST "
            "(Your digits) and in Compare models (Your handwriting).",
            icon=":material/bookmark_add:",
        )
        st.page_link("app_pages/predictor.py", label="Read a number", icon=":material/draw:")
        return None
    names = list(sizes)
    if st.session_state.get("collection") not in names:
        # The link's, else the one last kept to or shown in this session, else the default.
        for wanted in (
            st.query_params.get("collection"),
            st.session_state.get(CURRENT),
            DEFAULT_COLLECTION,
            names[0],
        ):
            if wanted in names:
                st.session_state.collection = wanted
                break
    name = st.selectbox(
        "Collection", names, key="collection", format_func=lambda name: f"{name} ({sizes[name]} digits)"
    )
    st.query_params["collection"] = name
    st.session_state[CURRENT] = name
    return store, name
