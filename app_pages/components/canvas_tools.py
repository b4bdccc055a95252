"""Undo, Redo and Clear buttons that act on streamlit-drawable-canvas in the browser.

The canvas's own clear (a key change that remounts it) needed a server round trip, and
a stroke drawn before the answer came back was wiped by the remount. These buttons click
the canvas's built-in undo, redo and reset instead, so nothing waits for the server; see
canvas_tools.js, which also makes the canvas fit narrow columns.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent

_canvas_tools = st.components.v2.component(
    "digitlab.canvas_tools",
    html=(
        '<div class="digitlab-canvas-tools" role="toolbar" aria-label="Drawing tools">'
        '<button type="button" data-action="undo" disabled>↶ Undo</button>'
        '<button type="button" data-action="redo" disabled>↷ Redo</button>'
        '<button type="button" data-action="clear" disabled>✕ Clear</button>'
        "</div>"
    ),
    css=(HERE / "canvas_tools.css").read_text(),
    js=(HERE / "canvas_tools.js").read_text(),
)


def canvas_tools(container_key: str, width: int, height: int) -> None:
    """The buttons, for the canvas inside `st.container(key=container_key)`, whose
    natural size is width x height (it shrinks to narrower columns, keeping its shape)."""
    _canvas_tools(
        data={"container_key": container_key, "width": width, "height": height},
        key=f"{container_key}-tools",
        width="stretch",
        height="content",
    )
