from __future__ import annotations

from streamlit.testing.v1 import AppTest

from core import config


def run_home() -> AppTest:
    return AppTest.from_file(str(config.PROJECT_ROOT / "Home.py"), default_timeout=60).run()


def test_home_page_runs_and_shows_the_dataset_numbers():
    app = run_home()
    assert not app.exception
    assert app.title[0].value == "Digit Lab"
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics == {
        "Training images": "60,000",
        "Test images": "10,000",
        "Image size": "28 × 28 px",
        "Classes": "10 digits",
    }
    assert "rarest digit in training is 5 (5,421 images)" in app.caption[0].value


def test_shuffling_samples_reruns_cleanly_with_a_new_seed():
    app = run_home()
    assert app.session_state.home_sample_seed == 0
    app.button[0].click().run()
    assert not app.exception
    assert app.session_state.home_sample_seed == 1


def test_a_damaged_dataset_shows_a_clear_message_instead_of_a_traceback(tmp_path, monkeypatch):
    damaged = tmp_path / "mnist.npz"
    damaged.write_bytes(b"PK\x03\x04 broken")
    monkeypatch.setenv(config.MNIST_PATH_VARIABLE, str(damaged))
    app = run_home()
    assert not app.exception
    assert len(app.error) == 1
    assert "The dataset could not be loaded" in app.error[0].value
    assert "damaged or truncated" in app.error[0].value
    assert not app.metric


def test_the_three_tasks_lead_the_page_reading_a_number_first():
    """Reading a number, the main task, was the last link, under the dataset's numbers."""
    app = run_home()
    order = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", None) in ("page_link", "metric"):
                order.append(child)
            walk(child)

    walk(app._tree)
    kinds = [element.type for element in order]
    assert kinds[:3] == ["page_link"] * 3 and "page_link" not in kinds[3:]
    assert [element.proto.label for element in order[:3]] == [
        "**Read a number**",
        "**Compare models**",
        "**Explore MNIST**",
    ]
