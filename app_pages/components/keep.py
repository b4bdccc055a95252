"""Read a number's "Keep these digits": corrections said on the page, a save, an Undo."""

import numpy as np
import streamlit as st

from app_pages.components.collection import CURRENT
from core.cache import collection_store
from core.collection import DEFAULT_COLLECTION, CollectionError, StoreUnavailableError, digits_to_keep
from core.reading import Reading


def keep_digits(reading: Reading, rgba: np.ndarray, labels: list[int], source: str, key: str) -> None:
    """Say which digits were corrected, and keep the digits with their true labels.
    `source` is the collection's word for where they came from (canvas, upload, example);
    `key` names the reading, so that one reading is kept once."""
    corrected = [
        f"#{number} read as {digit.digit}, you say {label}"
        for number, (digit, label) in enumerate(zip(reading.digits, labels, strict=True), start=1)
        if digit.digit != label
    ]
    if corrected:
        st.info(
            f"Corrected: {'; '.join(corrected)}. The reading above is what the model read; "
            "kept digits carry your labels.",
            icon=":material/edit:",
        )
    store = collection_store()
    if isinstance(store, StoreUnavailableError):
        st.warning(f"{store} Reading works as before.", icon=":material/database:")
        return
    name_column, button_column = st.columns([3, 2], vertical_alignment="bottom")
    name = name_column.text_input(
        "Collection",
        value=st.session_state.get(CURRENT, DEFAULT_COLLECTION),
        key="collection",
        bind="query-params",
        max_chars=100,
        help="Kept digits go into this collection: see them in Explore MNIST, and how every "
        "model reads them in Compare models.",
    )
    kept = st.session_state.get("kept")
    already = kept is not None and kept["reading"] == key
    # Callbacks run before the rerun they cause, so the button shows "Kept" (or Undo
    # its message) at once, whether the page or only this fragment reruns.
    button_column.button(
        "Kept" if already else "Keep these digits",
        icon=":material/bookmark_added:" if already else ":material/bookmark_add:",
        disabled=already,
        help="Saves each digit's 28×28 frame, its picture, your label and what the model read.",
        on_click=save_digits,
        args=(store, name, reading, rgba, labels, source, key),
    )
    for kind, message in st.session_state.pop("kept_messages", []):
        getattr(st, kind)(message)
    if already:
        message, undo = st.columns([4, 1], vertical_alignment="center")
        message.success(f"Kept {kept['count']} digits in “{kept['collection']}”.", icon=":material/check:")
        undo.button(
            "Undo",
            icon=":material/undo:",
            help="Take these digits out of the collection again.",
            on_click=undo_keep,
            args=(store, kept),
        )


def save_digits(store, name: str, reading: Reading, rgba, labels: list[int], source: str, key: str) -> None:
    try:
        digits = digits_to_keep(reading, rgba, labels, source)
        batch = store.save(name, digits)
    except (CollectionError, StoreUnavailableError) as error:
        st.session_state.kept_messages = [("error", str(error))]
        return
    st.session_state[CURRENT] = " ".join(name.split())
    st.session_state.kept = {
        "reading": key,
        "batch": batch,
        "collection": " ".join(name.split()),
        "count": len(digits),
    }


def undo_keep(store, kept: dict) -> None:
    try:
        store.undo(kept["batch"])
    except StoreUnavailableError as error:
        st.session_state.kept_messages = [("error", str(error))]
        return
    st.session_state.kept = None
    st.session_state.kept_messages = [
        ("info", f"Undone: the {kept['count']} digits are out of “{kept['collection']}”.")
    ]
