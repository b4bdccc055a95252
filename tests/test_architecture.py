"""The layout's promises that a linter cannot see: what importing core/ and the pages pulls in."""

from __future__ import annotations

import pytest

from tests.imports import heavy_modules_imported_by

# Modules the pages and the command line import; core/cache.py is the Streamlit seam.
STREAMLIT_FREE_MODULES = ["core.config", "core.data", "core.images", "core.models", "core.reading"]


def test_core_imports_neither_streamlit_nor_tensorflow():
    assert heavy_modules_imported_by(f"import {', '.join(STREAMLIT_FREE_MODULES)}") == []


# Each page driven through its heavier paths: the predictor reading an example with every
# model, the explorer's and the comparison's tabs. TensorFlow may only come with training.
PAGE_PROBES = {
    "predictor": """
app = open_page("app_pages/predictor.py")
app.get("button_group")[0].set_value("example").run()
app.toggle[0].set_value(True).run()
assert not app.exception and app.dataframe
""",
    "explorer": """
app = open_page("app_pages/explorer.py")
for tab in ["Mean images", "Pixel statistics", "Embedding map", "Outliers"]:
    open_tab(app, "explorer_tab", tab)
""",
    "comparison": """
app = open_page("app_pages/comparison.py")
for tab in ["Trade-offs", "Confusion", "Per digit", "ROC", "Mistakes", "Train your own"]:
    open_tab(app, "comparison_tab", tab)
""",
}


@pytest.mark.parametrize("page", PAGE_PROBES)
def test_pages_never_import_tensorflow(page):
    imported = heavy_modules_imported_by(
        "from tests.apptest import open_page, open_tab\n" + PAGE_PROBES[page]
    )
    assert "streamlit" in imported  # the probe really ran the page
    assert "tensorflow" not in imported and "keras" not in imported
