"""Digit Lab's entry point: page config and routing, nothing heavy (see app_pages/).

The pages live in app_pages/, not pages/: Streamlit treats a folder named pages/ beside
the entry point as old-style pages until st.navigation has run once in the server's
life, so a link to /predictor opened first after a restart ran the page without this
file (raw file names in the sidebar, no wide layout).
"""

import streamlit as st

from app_pages import HOME, PAGES

APP_NAME = "Digit Lab"

st.set_page_config(page_title=APP_NAME, page_icon=":material/draw:", layout="wide")

navigation = st.navigation(
    [st.Page(HOME.path, title=HOME.title, icon=HOME.icon, default=True)]
    + [st.Page(page.path, title=page.title, icon=page.icon) for page in PAGES]
)
# Each browser tab says which page it holds; Home keeps the app's name alone.
if navigation.title != HOME.title:
    st.set_page_config(page_title=f"{navigation.title} · {APP_NAME}")
navigation.run()
