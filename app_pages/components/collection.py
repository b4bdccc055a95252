"""The collection chooser that Explore MNIST and Compare models share."""

import streamlit as st

from core.collection import DEFAULT_COLLECTION, CollectionStore


def collection_choice(store: CollectionStore) -> str | None:
    """The collection to show (kept in the URL, as on Read a number), or None, with a
    pointer to where digits are kept, when there is none yet."""
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
        requested = st.query_params.get("collection", DEFAULT_COLLECTION)
        st.session_state.collection = requested if requested in names else names[0]
    name = st.selectbox(
        "Collection", names, key="collection", format_func=lambda name: f"{name} ({sizes[name]} digits)"
    )
    st.query_params["collection"] = name
    return name
