"""The Explorer's and the Comparison's figures carry the data they are given."""

from __future__ import annotations

import numpy as np

from core import charts
from core.explore import class_balance


def test_class_balance_chart_has_train_and_test_bars():
    balance = class_balance(np.array([0, 0, 1]), np.array([1]))
    figure = charts.class_balance_chart(balance)
    assert [trace.name for trace in figure.data] == ["train", "test"]
    assert list(figure.data[0].y[:2]) == [2, 1] and list(figure.data[1].y[:2]) == [0, 1]
    shares = charts.class_balance_chart(balance, as_share=True)
    assert np.isclose(sum(shares.data[0].y), 100.0)


def test_difference_chart_shows_both_means_and_their_difference_on_a_symmetric_scale():
    means = np.zeros((10, 2, 2), np.float32)
    means[4, 0, 0] = 200
    means[9, 1, 1] = 100
    figure = charts.difference_chart(means, 4, 9)
    difference = np.asarray(figure.data[2].z)
    assert difference[0, 0] == 200 and difference[1, 1] == -100
    assert figure.data[2].zmin == -figure.data[2].zmax == -200


def test_embedding_chart_has_one_trace_per_digit_with_indices_for_selection():
    coordinates = np.arange(24, dtype=np.float32).reshape(12, 2)
    labels = np.array([0, 1] * 6)
    indices = np.arange(100, 112)
    figure = charts.embedding_chart(coordinates, labels, indices, "map")
    assert [trace.name for trace in figure.data] == [str(digit) for digit in range(10)]
    assert list(figure.data[1].customdata) == [101, 103, 105, 107, 109, 111]
    assert len(figure.data[5].x) == 0


def test_histogram_title_states_the_share_of_zero_pixels():
    histogram = np.zeros(256)
    histogram[0], histogram[255] = 3, 1
    figure = charts.intensity_histogram_chart(histogram)
    assert "75% of all pixels are 0" in figure.layout.title.text
    assert figure.layout.yaxis.type == "log"


def test_ink_chart_sends_quantiles_not_every_image():
    ink = np.concatenate([np.arange(101, dtype=np.float32), np.full(50, 7.0)])
    labels = np.array([1] * 101 + [8] * 50)
    figure = charts.ink_by_class_chart(ink, labels)
    assert [trace.name for trace in figure.data] == ["1", "8"]
    ones = figure.data[0]
    assert (ones.q1[0], ones.median[0], ones.q3[0]) == (25.0, 50.0, 75.0)
    assert ones.y is None  # no raw values
    assert figure.data[1].median[0] == 7.0


def test_leaderboard_shows_test_error_on_a_log_axis_beside_the_published_error():
    """Error on a log axis, not accuracy bars cut at 81% (where 91.8% looked like half of
    99.6%); a model trained this session is drawn in its own trace, with no published mark."""

    def row(model, accuracy, published_low, published_high, source="committed"):
        return {
            "model": model,
            "accuracy": accuracy,
            "source": source,
            "published_low": published_low,
            "published_high": published_high,
        }

    rows = [
        row("CNN", 99.62, 99.02, 99.37),
        row("Tree", 91.82, 82.84, 82.84),
        row("Mine", 80.0, None, None, "this session"),
    ]
    figure = charts.leaderboard_chart(rows)
    assert figure.layout.xaxis.type == "log" and "error" in figure.layout.xaxis.title.text
    ours, session, published = figure.data
    np.testing.assert_allclose(ours.x, [8.18, 0.38])  # best on top: plotly draws upwards
    assert list(ours.text) == ["8.18%", "0.38%"]
    assert list(session.y) == ["Mine"] and "session" in session.name
    assert list(published.y) == ["Tree", "CNN"]
    np.testing.assert_allclose(published.x, [17.16, 0.63])  # 100 - the best published figure
    np.testing.assert_allclose(published.error_x.array, [0.0, 0.35])  # the range, towards more error
    assert list(figure.layout.yaxis.categoryarray) == ["Mine", "Tree", "CNN"]
    assert "0.5%" in figure.layout.xaxis.ticktext and "10%" in figure.layout.xaxis.ticktext


def test_tradeoff_labels_of_models_at_about_the_same_place_go_to_different_sides():
    """Two models at 0.44 ms an image and 0.3 points apart: their names were printed over
    each other."""
    rows = [
        {"model": name, "short_name": short, "accuracy": accuracy, "ms_per_image": ms, "source": "committed"}
        for name, short, accuracy, ms in [
            ("Convolutional network (Keras)", "CNN", 99.3, 0.442),
            ("Support vector machine (RBF)", "SVM", 99.0, 0.435),
            ("Logistic regression", "Logistic", 94.74, 0.028),
        ]
    ]
    figure = charts.tradeoff_chart(rows, "ms_per_image")
    (points,) = figure.data
    positions = dict(zip(points.text, points.textposition, strict=True))
    assert positions["CNN"] == "top center" and positions["SVM"] != "top center"
    assert positions["Logistic"] == "top center"  # alone: the first choice
    assert points.cliponaxis is False
    low, high = figure.layout.yaxis.range
    assert low < 94.74 and high > 99.3  # room for a label above the best and below the worst
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis.type != "log"
    assert "0.05" in figure.layout.xaxis.ticktext and "0.3" not in figure.layout.xaxis.ticktext


def test_confusion_difference_leaves_the_diagonal_blank_and_names_its_colours():
    difference = np.array([[5.0, -2.0], [3.0, -4.0]])
    figure = charts.confusion_chart(difference, "A minus B", difference=True)
    z = np.array(figure.data[0].z, dtype=float)
    assert np.isnan(z[0, 0]) and np.isnan(z[1, 1]) and z[1, 0] == 3.0
    assert "red" in figure.data[0].colorbar.title.text
    plain = charts.confusion_chart(np.array([[980, 3], [7, 1000]]), "A")
    assert plain.data[0].zmax == 7 and "off the scale" in plain.data[0].colorbar.title.text


def test_per_digit_axis_start_is_in_its_title_and_roc_legend_tells_close_aucs_apart():
    rows = [{"model": "A", "digit": digit, "f1": 0.905 + digit / 100} for digit in range(10)]
    figure = charts.per_digit_chart(rows, "f1")
    assert figure.layout.yaxis.range[0] == 89 and "axis from 89%" in figure.layout.yaxis.title.text
    assert figure.layout.title.text == "F1 per digit"

    class Curve:
        digit, area = 3, 0.999123
        false_positive_rate = true_positive_rate = [0.0, 1.0]

    assert charts.roc_chart([Curve()], "ROC").data[0].name == "3: AUC 0.99912"


def test_difference_panels_keep_square_pixels_and_show_the_means_as_ink():
    means = np.zeros((10, 28, 28))
    means[4, 5:20, 10] = 200.0
    means[9, 5:10, 10:20] = 150.0
    figure = charts.difference_chart(means, 4, 9)
    first, second, difference = figure.data
    # Each panel's rows tied to its own columns: tied to the first, the others stretched.
    assert [figure.layout[f"yaxis{suffix}"].scaleanchor for suffix in ("", "2", "3")] == ["x", "x2", "x3"]
    assert first.colorscale == second.colorscale != difference.colorscale  # ink in grey, not in red
    assert (first.zmin, first.zmax) == (0, 255) and difference.zmin == -difference.zmax == -200.0


def test_never_inked_pixels_have_a_colour_of_their_own_and_log_ticks_are_powers_of_ten():
    frequency = np.zeros((28, 28))
    frequency[5:20, 5:20] = 0.3
    figure = charts.inked_frequency_chart(frequency, 0.5)
    never, inked = figure.data
    assert np.isnan(np.array(never.z, dtype=float)[10, 10]) and np.array(never.z, dtype=float)[0, 0] == 1
    assert (
        never.colorscale[0][1] == charts.NEVER_INKED_COLOUR
        and inked.colorscale[0][1] != charts.NEVER_INKED_COLOUR
    )
    histogram = charts.intensity_histogram_chart(np.array([1_000_000, 10, 100, 5_000]))
    assert histogram.layout.yaxis.type == "log" and histogram.layout.yaxis.dtick == 1


def test_embedding_map_names_each_cluster_by_its_digit():
    coordinates = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 10.0], [11.0, 10.0]])
    figure = charts.embedding_chart(coordinates, np.array([0, 0, 7, 7]), np.arange(4), "map")
    assert [(note.text, note.x, note.y) for note in figure.layout.annotations] == [
        ("<b>0</b>", 0.5, 0.0),
        ("<b>7</b>", 10.5, 10.0),
    ]
