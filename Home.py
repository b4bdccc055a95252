"""Digit Lab's entry point: page config and routing, nothing heavy (see pages/)."""

import streamlit as st

from pages import HOME, PAGES

st.set_page_config(page_title="Digit Lab", page_icon=":material/draw:", layout="wide")

navigation = st.navigation(
    [st.Page(HOME.path, title=HOME.title, icon=HOME.icon, default=True)]
    + [st.Page(page.path, title=page.title, icon=page.icon) for page in PAGES]
)
navigation.run()
