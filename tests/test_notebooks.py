"""Every notebook runs top to bottom on the small setting, and is committed without outputs."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from core import config

NOTEBOOKS = sorted((config.PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def test_the_three_notebooks_exist():
    assert [path.name for path in NOTEBOOKS] == [
        "01_explore_mnist.ipynb",
        "02_compare_models.ipynb",
        "03_read_a_number.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_top_to_bottom_on_the_small_setting(path, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITLAB_NOTEBOOK_SIZE", "small")
    monkeypatch.setenv(config.CACHE_VARIABLE, str(tmp_path))  # maps it computes stay out of .cache/
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},  # run from notebooks/, as a reader would
    )  # the kernel inherits this process's environment, DIGITLAB_NOTEBOOK_SIZE included
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any failure
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
    # It really ran: every code cell executed, and the charts came out.
    assert all(cell.get("execution_count") for cell in notebook.cells if cell.cell_type == "code")
    figures = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "application/vnd.plotly.v1+json" in output.get("data", {})
    ]
    assert figures


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebooks_are_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}: run `make strip-notebooks`"
            )
