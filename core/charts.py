"""Plotly figures for "Explore MNIST" and "Compare models" (and the notebooks): data in, figure out.

No Streamlit here: the page only places these figures. Colours: one qualitative
colour per digit, used the same way in every chart.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from core import config
from core.explore import ClassBalance

DIGIT_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
# Every figure's template, set once: naming it on each figure made plotly validate the
# whole template again, 15 to 18 ms a figure, most of what building a chart cost.
pio.templates.default = "plotly_white"
TRAIN_COLOUR, TEST_COLOUR = "#2563eb", "#f59e0b"
CHART_TEXT_COLOUR = "#1f2937"
# Far from every colour of viridis, which the inked pixels use.
NEVER_INKED_COLOUR = "#ff4fa3"


def _layout(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    figure.update_layout(
        title=title,
        height=height,
        margin={"l": 40, "r": 20, "t": 50, "b": 40},
        # Axis labels and ticks in near-black at 13 px: the pale default grey was 3.7:1.
        # Set on the axes too: Streamlit's chart theme sets their colours and wins over the
        # figure's font.
        font={"color": CHART_TEXT_COLOUR, "size": 13},
    )
    for update in (figure.update_xaxes, figure.update_yaxes):
        update(tickfont={"color": CHART_TEXT_COLOUR}, title_font={"color": CHART_TEXT_COLOUR})
    return figure


def class_balance_chart(balance: ClassBalance, as_share: bool = False) -> go.Figure:
    """Train and test counts (or shares) per digit, side by side."""
    digits = [str(digit) for digit in balance.digits]
    train = balance.train_shares * 100 if as_share else balance.train_counts
    test = balance.test_shares * 100 if as_share else balance.test_counts
    text_format = "%{y:.1f}%" if as_share else "%{y:,}"
    figure = go.Figure(
        [
            go.Bar(name="train", x=digits, y=train, marker_color=TRAIN_COLOUR, texttemplate=text_format),
            go.Bar(name="test", x=digits, y=test, marker_color=TEST_COLOUR, texttemplate=text_format),
        ]
    )
    figure.update_layout(
        barmode="group", xaxis_title="digit", yaxis_title="share (%)" if as_share else "images"
    )
    return _layout(figure, "Images per digit")


def image_grid(
    images: np.ndarray,
    titles: list[str],
    columns: int = 10,
    colour_scale: str = "gray_r",
    symmetric: bool = False,
    title: str = "",
    value_label: str = "intensity",
) -> go.Figure:
    """Heat maps of 2-D arrays in a grid, one shared colour scale (diverging when symmetric)."""
    count = len(images)
    rows = -(-count // columns)
    figure = make_subplots(
        rows, columns, subplot_titles=titles, horizontal_spacing=0.01, vertical_spacing=0.06
    )
    limit = float(np.nanmax(np.abs(images))) if symmetric else float(np.nanmax(images))
    low = -limit if symmetric else 0.0
    for position, image in enumerate(images):
        row, column = divmod(position, columns)
        figure.add_trace(
            go.Heatmap(
                z=image,
                zmin=low,
                zmax=limit,
                colorscale=colour_scale,
                showscale=position == 0,
                colorbar={"title": value_label, "thickness": 12},
                hovertemplate=f"row %{{y}}, column %{{x}}: %{{z:.1f}}<extra>{titles[position]}</extra>",
            ),
            row + 1,
            column + 1,
        )
    _square_pixels(figure, count)
    return _layout(figure, title, height=60 + 150 * rows)


def _square_pixels(figure: go.Figure, count: int) -> None:
    """Each panel's y axis tied to its own x axis (tied all to the first, the other
    panels stretched sideways), rows top-down as in an image."""
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, autorange="reversed")
    for position in range(1, count + 1):
        suffix = "" if position == 1 else str(position)
        figure.layout[f"yaxis{suffix}"].scaleanchor = f"x{suffix}"


def mean_image_chart(means: np.ndarray) -> go.Figure:
    titles = [str(digit) for digit in range(len(means))]
    return image_grid(means, titles, title="Mean image of each digit")


def std_image_chart(stds: np.ndarray) -> go.Figure:
    titles = [str(digit) for digit in range(len(stds))]
    return image_grid(
        stds, titles, colour_scale="viridis", title="Per-pixel standard deviation: where writers disagree"
    )


def _ink_heatmap(image: np.ndarray) -> go.Heatmap:
    """A mean image as ink on paper (0 to 255, dark where there is ink)."""
    return go.Heatmap(
        z=image,
        zmin=0,
        zmax=255,
        colorscale="gray_r",
        showscale=False,
        hovertemplate="row %{y}, column %{x}: ink %{z:.0f} of 255<extra></extra>",
    )


def difference_chart(means: np.ndarray, first: int, second: int) -> go.Figure:
    """The two mean images as ink (grey), and `first` minus `second` in a diverging
    scale: red where only `first` has ink, blue where only `second` has."""
    difference = means[first] - means[second]
    limit = max(float(np.abs(difference).max()), 1e-9)
    figure = make_subplots(
        1,
        3,
        subplot_titles=[f"mean {first}", f"mean {second}", f"{first} minus {second}"],
        horizontal_spacing=0.03,
    )
    for position, image in enumerate((means[first], means[second])):
        figure.add_trace(_ink_heatmap(image), 1, position + 1)
    figure.add_trace(
        go.Heatmap(
            z=difference,
            zmin=-limit,
            zmax=limit,
            colorscale="RdBu_r",
            colorbar={"title": {"text": f"red: more in {first}<br>blue: more in {second}"}, "thickness": 12},
            hovertemplate="row %{y}, column %{x}: %{z:+.0f}<extra></extra>",
        ),
        1,
        3,
    )
    _square_pixels(figure, 3)
    return _layout(figure, f"Where a {first} differs from a {second}", height=320)


def intensity_histogram_chart(histogram: np.ndarray) -> go.Figure:
    figure = go.Figure(go.Bar(x=np.arange(len(histogram)), y=histogram, marker_color=TRAIN_COLOUR))
    figure.update_layout(
        # Ticks at whole powers of ten only: plotly's default log ticks read "5, 2, 10M, 5, 2".
        yaxis={"type": "log", "dtick": 1, "exponentformat": "power", "title": "pixels (log scale)"},
        xaxis_title="pixel value (0 = paper, 255 = ink)",
    )
    zero_share = histogram[0] / histogram.sum()
    return _layout(figure, f"Pixel intensities (log scale): {zero_share:.0%} of all pixels are 0")


def ink_by_class_chart(ink: np.ndarray, labels: np.ndarray) -> go.Figure:
    """Box per digit: quartiles, and whiskers at the 1st and 99th percentiles. The
    quantiles are computed here so that 10 numbers per digit reach the browser, not 60,000."""
    digits = [digit for digit in range(config.NUM_CLASSES) if (labels == digit).any()]
    quantiles = np.array([np.percentile(ink[labels == digit], [1, 25, 50, 75, 99]) for digit in digits])
    figure = go.Figure(
        [
            go.Box(
                x=[str(digit)],
                lowerfence=[low],
                q1=[first],
                median=[middle],
                q3=[third],
                upperfence=[high],
                name=str(digit),
                marker_color=DIGIT_COLOURS[digit],
            )
            for digit, (low, first, middle, third, high) in zip(digits, quantiles, strict=True)
        ]
    )
    figure.update_layout(showlegend=False, xaxis_title="digit", yaxis_title="ink (fully inked pixels)")
    return _layout(figure, "Ink per image, by digit (whiskers: 1st and 99th percentiles)")


def inked_frequency_chart(frequency: np.ndarray, never_share: float) -> go.Figure:
    """How often each pixel holds ink; the never-inked ones (the point of the chart) in
    one plain colour no share of ink takes, not the bottom of the scale."""
    shares = frequency * 100
    figure = go.Figure(
        [
            go.Heatmap(
                z=np.where(shares > 0, np.nan, 1.0),
                colorscale=[[0, NEVER_INKED_COLOUR], [1, NEVER_INKED_COLOUR]],
                showscale=False,
                hovertemplate="row %{y}, column %{x}: never inked<extra></extra>",
            ),
            go.Heatmap(
                z=np.where(shares > 0, shares, np.nan),
                colorscale="viridis",
                zmin=0,
                colorbar={"title": {"text": "% of images<br>inking it"}, "thickness": 12},
                hovertemplate="row %{y}, column %{x}: inked in %{z:.2f}% of images<extra></extra>",
            ),
        ]
    )
    _square_pixels(figure, 1)
    figure = _layout(figure, f"{never_share:.1%} of pixel positions are never inked (in pink)")
    figure.update_layout(height=420)
    return figure


def embedding_chart(
    coordinates: np.ndarray, labels: np.ndarray, indices: np.ndarray, title: str
) -> go.Figure:
    """Points coloured by digit, one trace per digit (click the legend to hide one);
    hover shows the label and the training index; `customdata` carries the index."""
    figure = go.Figure()
    for digit in range(config.NUM_CLASSES):
        chosen = labels == digit
        figure.add_trace(
            go.Scattergl(
                x=coordinates[chosen, 0],
                y=coordinates[chosen, 1],
                mode="markers",
                name=str(digit),
                marker={"size": 4, "color": DIGIT_COLOURS[digit], "opacity": 0.75},
                customdata=indices[chosen],
                hovertemplate=f"digit {digit}<br>training image #%{{customdata:,}}<extra></extra>",
            )
        )
    # Each cluster named by its digit, at the digit's median point.
    for digit in range(config.NUM_CLASSES):
        chosen = labels == digit
        if chosen.any():
            x, y = np.median(coordinates[chosen], axis=0)
            figure.add_annotation(
                x=float(x),
                y=float(y),
                text=f"<b>{digit}</b>",
                showarrow=False,
                font={"size": 22, "color": "#111827"},
                bgcolor="rgba(255,255,255,0.7)",
            )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x")
    figure.update_layout(legend_title="digit", dragmode="lasso")
    return _layout(figure, title, height=600)


# Model comparison -------------------------------------------------------------------

SOURCE_COLOURS = {"committed": TRAIN_COLOUR, "this session": TEST_COLOUR}
ERROR_TICKS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
SCORE_NAMES = {"precision": "Precision", "recall": "Recall", "f1": "F1"}
SOURCE_LABELS = {"committed": "our test error", "this session": "trained this session: test error"}


def leaderboard_chart(rows: list[dict]) -> go.Figure:
    """Each model's test error (%) on a log axis, best on top, with the error the
    earlier projects published beside it (a diamond, or a line for a range).

    Error on a log axis, not accuracy bars: 0.4% and 8% error differ twentyfold, and
    bars starting at 81% made 91.8% look like half of 99.6%."""
    ordered = rows[::-1]  # plotly draws the first row at the bottom
    figure = go.Figure()
    for source, label in SOURCE_LABELS.items():
        chosen = [row for row in ordered if row["source"] == source]
        if not chosen:
            continue
        errors = [100 - row["accuracy"] for row in chosen]
        figure.add_trace(
            go.Scatter(
                x=errors,
                y=[row["model"] for row in chosen],
                mode="markers+text",
                marker={"size": 13, "color": SOURCE_COLOURS[source]},
                text=[f"{error:.2f}%" for error in errors],
                # Left of the dot: the published mark, when there is one, is mostly to the right.
                textposition="middle left",
                name=label,
                hovertemplate="%{y}: %{x:.2f}% wrong (accuracy %{customdata:.2f}%)<extra></extra>",
                customdata=[row["accuracy"] for row in chosen],
            )
        )
    published = [row for row in ordered if row["published_low"] is not None]
    if published:
        figure.add_trace(
            go.Scatter(
                x=[100 - row["published_high"] for row in published],
                y=[row["model"] for row in published],
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [row["published_high"] - row["published_low"] for row in published],
                    "arrayminus": [0] * len(published),
                },
                mode="markers",
                marker={"symbol": "diamond-open", "size": 12, "color": "#111827", "line": {"width": 2}},
                name="published by earlier projects",
                hovertemplate="%{y}: published %{x:.2f}% wrong<extra></extra>",
            )
        )
    everything = [100 - row["accuracy"] for row in rows] + [100 - row["published_low"] for row in published]
    figure.update_layout(
        xaxis={
            "type": "log",
            "title": "test error, % of the 10,000 test images read wrong (log scale)",
            # Round figures only: plotly's own log ticks read "3 4 5 6 7 8 9 1 2".
            "tickvals": ERROR_TICKS,
            "ticktext": [f"{tick:g}%" for tick in ERROR_TICKS],
            # Room on the left for the best model's label, on the right for the worst mark.
            "range": [np.log10(min(everything) / 2.2), np.log10(max(everything) * 1.4)],
        },
        yaxis={"categoryorder": "array", "categoryarray": [row["model"] for row in ordered]},
        legend={"orientation": "h", "y": -0.25},
    )
    return _layout(figure, "Test error: fewer mistakes to the left", height=140 + 45 * len(rows))


def tradeoff_chart(rows: list[dict], cost: str) -> go.Figure:
    """Accuracy against a cost on a log axis: "ms_per_image" or "size_mb". Points carry
    short names, each placed where it covers no other label and no point (models of
    about the same cost and accuracy had their names printed over each other)."""
    titles = {
        "ms_per_image": "milliseconds per image (batched, log scale)",
        "size_mb": "model file size, MB (log scale)",
    }
    costs = [row[cost] for row in rows]
    accuracies = [row["accuracy"] for row in rows]
    low, high = min(accuracies), max(accuracies)
    padding = max(0.5, 0.12 * (high - low))  # room for the labels above and below
    y_range = (low - padding, min(high + padding, 100.5))
    positions = label_positions(
        [np.log10(max(value, 1e-9)) for value in costs],
        accuracies,
        [row["short_name"] for row in rows],
        y_range,
    )
    figure = go.Figure(
        go.Scatter(
            x=costs,
            y=accuracies,
            mode="markers+text",
            text=[row["short_name"] for row in rows],
            textposition=positions,
            cliponaxis=False,
            customdata=[row["model"] for row in rows],
            marker={"size": 12, "color": [SOURCE_COLOURS[row["source"]] for row in rows]},
            hovertemplate="%{customdata}<br>%{y:.2f}% at %{x:.3g}<extra></extra>",
        )
    )
    figure.update_layout(
        # Round figures only (1, 2, 5 in each decade): plotly's own log ticks read "5 0.1 2 5 1 2".
        xaxis={
            "type": "log",
            "title": titles[cost],
            "tickvals": ROUND_TICKS,
            "ticktext": [f"{tick:g}" for tick in ROUND_TICKS],
        },
        yaxis={"title": "test accuracy (%)", "range": list(y_range)},
    )
    return _layout(figure, f"Accuracy against {titles[cost].split(',')[0].split(' (')[0]}", height=460)


ROUND_TICKS = [factor * 10.0**power for power in range(-3, 4) for factor in (1, 2, 5)]


# Where a point's label may go, in order of preference, and its offset from the point
# in shares of the plot's width and height (a label is about LABEL_CHARACTER wide per
# character and LABEL_HEIGHT tall, on a chart about 500 x 400 pixels).
LABEL_PLACES = {
    "top center": (0.0, 1.0),
    "bottom center": (0.0, -1.0),
    "middle right": (1.0, 0.0),
    "middle left": (-1.0, 0.0),
}
LABEL_CHARACTER, LABEL_HEIGHT, POINT_SIZE = 0.018, 0.05, 0.03


def label_positions(
    x: list[float], y: list[float], labels: list[str], y_range: tuple[float, float]
) -> list[str]:
    """A text position per point, chosen greedily (most accurate first) so that no label
    box overlaps another label or a point; the first place when none is free. `x` is
    already on the axis's scale (log10 for a log axis)."""
    x_span = max(max(x) - min(x), 1e-9) * 1.15
    y_span = y_range[1] - y_range[0]
    points = [((px - min(x)) / x_span, (py - y_range[0]) / y_span) for px, py in zip(x, y, strict=True)]

    def box(centre_x: float, centre_y: float, width: float, height: float) -> tuple[float, ...]:
        return (centre_x - width / 2, centre_y - height / 2, centre_x + width / 2, centre_y + height / 2)

    def overlaps(first: tuple[float, ...], second: tuple[float, ...]) -> bool:
        return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]

    taken = [box(px, py, POINT_SIZE, POINT_SIZE) for px, py in points]
    chosen = ["top center"] * len(points)
    for index in sorted(range(len(points)), key=lambda index: -y[index]):
        px, py = points[index]
        width = LABEL_CHARACTER * len(labels[index])
        for place, (dx, dy) in LABEL_PLACES.items():
            centre_x = px + dx * (width / 2 + POINT_SIZE / 2)
            centre_y = py + dy * (LABEL_HEIGHT / 2 + POINT_SIZE / 2)
            candidate = box(centre_x, centre_y, width, LABEL_HEIGHT)
            own_point = taken[index]
            if not any(overlaps(candidate, other) for other in taken if other is not own_point):
                chosen[index] = place
                taken.append(candidate)
                break
    return chosen


def confusion_chart(
    matrix: np.ndarray, title: str, normalised: bool = False, difference: bool = False
) -> go.Figure:
    """Heat map, true digit down, predicted across. `difference`: a diverging scale around 0."""
    matrix = np.asarray(matrix, dtype=np.float64)
    shown = matrix * 100 if normalised else matrix
    digits = [str(digit) for digit in range(matrix.shape[0])]
    diagonal = np.eye(len(shown), dtype=bool)
    if difference:
        # Mistakes only: on the diagonal a positive difference is good and off it bad, so
        # one colour would mean both. The diagonal is left blank (the page says the totals).
        shown = np.where(diagonal, np.nan, shown)
        limit = max(1.0, float(np.nanmax(np.abs(shown))))
        colour = {
            "colorscale": "RdBu_r",
            "zmin": -limit,
            "zmax": limit,
            "colorbar": {"title": {"text": "more mistakes<br>(red) or fewer<br>(blue)"}},
        }
    else:
        # The diagonal dwarfs every mistake: scale the colours to the largest mistake.
        largest = max(float(shown[~diagonal].max()), 1e-9)
        colour = {
            "colorscale": "Blues",
            "zmin": 0,
            "zmax": largest,
            "colorbar": {
                "title": {"text": "mistakes<br>(correct ones,<br>on the diagonal,<br>are off the scale)"}
            },
        }
    figure = go.Figure(
        go.Heatmap(
            z=shown,
            x=digits,
            y=digits,
            texttemplate="%{z:.1f}" if normalised else "%{z:.0f}",
            hovertemplate="true %{y}, read as %{x}: %{z}<extra></extra>",
            **colour,
        )
    )
    figure.update_layout(xaxis_title="predicted digit", yaxis_title="true digit")
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title, height=480)


def per_digit_chart(rows: list[dict], score: str) -> go.Figure:
    models = list(dict.fromkeys(row["model"] for row in rows))
    figure = go.Figure(
        [
            go.Bar(
                name=model,
                x=[str(row["digit"]) for row in rows if row["model"] == model],
                y=[100 * row[score] for row in rows if row["model"] == model],
            )
            for model in models
        ]
    )
    values = [100 * row[score] for row in rows]
    start = per_digit_axis_start(values)
    figure.update_layout(
        barmode="group",
        xaxis_title="digit",
        yaxis={"title": f"{SCORE_NAMES[score]} (%), axis from {start:.0f}%", "range": [start, 100]},
    )
    return _layout(figure, f"{SCORE_NAMES[score]} per digit", height=460)


def per_digit_axis_start(values: list[float]) -> float:
    """Where the per-digit axis starts: a whole percent below the lowest score (from 0
    the bars of good models all look full), said in the axis title and the caption."""
    return float(max(0, np.floor(min(values)) - 1))


def roc_chart(curves: list, title: str) -> go.Figure:
    figure = go.Figure()
    for curve in curves:
        figure.add_trace(
            go.Scatter(
                x=curve.false_positive_rate,
                y=curve.true_positive_rate,
                mode="lines",
                name=f"{curve.digit}: AUC {curve.area:.5f}",
                line={"color": DIGIT_COLOURS[curve.digit]},
            )
        )
    figure.add_trace(
        go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line={"dash": "dot", "color": "#9ca3af"}, name="chance")
    )
    figure.update_layout(
        xaxis={"title": "false positive rate", "type": "log"}, yaxis_title="true positive rate"
    )
    return _layout(figure, title, height=480)


def learning_curve_chart(points: list[dict], model: str) -> go.Figure:
    figure = go.Figure(
        go.Scatter(
            x=[point["train_size"] for point in points],
            y=[point["validation_accuracy"] for point in points],
            mode="lines+markers",
            customdata=[point["fit_seconds"] for point in points],
            hovertemplate="%{x:,} images: %{y:.2f}% (fit %{customdata} s)<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis={"type": "log", "title": "training images (log)"}, yaxis_title="validation accuracy (%)"
    )
    return _layout(figure, f"Learning curve: {model}")


# Your digits --------------------------------------------------------------------------

YOUR_COLOUR = "#111827"


def collection_counts_chart(counts: np.ndarray, name: str) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=list(config.CLASS_NAMES),
            y=counts,
            marker_color=list(DIGIT_COLOURS),
            text=[str(count) for count in counts],
            textposition="outside",
            hovertemplate="digit %{x}: %{y} kept<extra></extra>",
        )
    )
    figure.update_layout(xaxis_title="digit", yaxis_title="digits kept", xaxis_type="category")
    figure.update_yaxes(rangemode="tozero")
    return _layout(figure, f"Digits in “{name}”", height=320)


def your_means_chart(yours: np.ndarray, mnist: np.ndarray, counts: np.ndarray) -> go.Figure:
    """Three rows of ten: your mean image of each digit, MNIST's, and yours minus MNIST's
    (red: ink you put where MNIST's writers do not; blue: the reverse). A digit you have
    not kept is a blank panel."""
    classes = config.NUM_CLASSES
    titles = [f"yours: {digit} ({counts[digit]})" for digit in range(classes)]
    titles += [f"MNIST: {digit}" for digit in range(classes)]
    titles += [f"difference: {digit}" for digit in range(classes)]
    figure = make_subplots(3, classes, subplot_titles=titles, horizontal_spacing=0.01, vertical_spacing=0.08)
    difference = yours - mnist
    limit = max(float(np.nanmax(np.abs(difference))) if np.isfinite(difference).any() else 0.0, 1e-9)
    for digit in range(classes):
        for row, image in enumerate((yours[digit], mnist[digit])):
            figure.add_trace(_ink_heatmap(image), row + 1, digit + 1)
        figure.add_trace(
            go.Heatmap(
                z=difference[digit],
                zmin=-limit,
                zmax=limit,
                colorscale="RdBu_r",
                showscale=digit == 0,
                colorbar={
                    "title": {"text": "red: more ink in yours<br>blue: more in MNIST's"},
                    "thickness": 12,
                },
                hovertemplate="row %{y}, column %{x}: %{z:+.0f}<extra></extra>",
            ),
            3,
            digit + 1,
        )
    _square_pixels(figure, 3 * classes)
    figure.update_annotations(font_size=11)
    return _layout(figure, "Your mean image of each digit, MNIST's, and the difference", height=470)


def with_your_digits(
    figure: go.Figure, coordinates: np.ndarray, labels: np.ndarray, ids: np.ndarray
) -> go.Figure:
    """The map with your digits on it: each a large outlined marker showing its digit."""
    figure.add_trace(
        go.Scatter(
            x=coordinates[:, 0],
            y=coordinates[:, 1],
            mode="markers+text",
            name="yours",
            text=[str(label) for label in labels],
            textfont={"size": 11, "color": "#ffffff"},
            marker={
                "size": 17,
                "color": [DIGIT_COLOURS[label] for label in labels],
                "line": {"width": 2.5, "color": YOUR_COLOUR},
                "symbol": "circle",
            },
            customdata=ids,
            hovertemplate="your %{text} (kept digit #%{customdata})<extra></extra>",
            showlegend=False,
        )
    )
    # The legend's entry: the outline alone (the markers take their digit's colour).
    figure.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name="yours",
            marker={"size": 14, "color": "#ffffff", "line": {"width": 2.5, "color": YOUR_COLOUR}},
        )
    )
    return figure


def your_accuracy_chart(scores: list, names: dict[str, str], collection: str) -> go.Figure:
    """Each model's accuracy on your digits (dot, with its 95% interval) beside its MNIST
    test accuracy (open diamond), best on your digits at the top."""
    ordered = sorted(scores, key=lambda result: result.accuracy)
    models = [names.get(result.model, result.model) for result in ordered]
    yours = [100 * result.accuracy for result in ordered]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[None if result.mnist_accuracy is None else 100 * result.mnist_accuracy for result in ordered],
            y=models,
            mode="markers",
            name="MNIST test set",
            marker={"symbol": "diamond-open", "size": 12, "color": TRAIN_COLOUR, "line": {"width": 2}},
            hovertemplate="%{y}: %{x:.2f}% of MNIST's test digits<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=yours,
            y=models,
            mode="markers",
            name=f"your digits (“{collection}”), 95% interval",
            marker={"size": 12, "color": YOUR_COLOUR},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [100 * (result.interval[1] - result.accuracy) for result in ordered],
                "arrayminus": [100 * (result.accuracy - result.interval[0]) for result in ordered],
                "color": YOUR_COLOUR,
                "thickness": 1.5,
            },
            customdata=[f"{result.right} of {result.total}" for result in ordered],
            hovertemplate="%{y}: %{x:.1f}% of your digits (%{customdata})<extra></extra>",
        )
    )
    low = min([*yours, *[100 * result.interval[0] for result in ordered]])
    figure.update_layout(
        xaxis={"title": "digits read right (%)", "range": [max(0.0, np.floor(low / 5) * 5 - 2), 101]},
        legend={"orientation": "h", "y": -0.25},
    )
    return _layout(figure, "How each model reads your digits, and MNIST's", height=140 + 45 * len(ordered))


def collection_per_digit_chart(per_digit: np.ndarray, counts: np.ndarray, model: str) -> go.Figure:
    """Share of each of your digits read right; a digit you have not kept has no bar."""
    figure = go.Figure(
        go.Bar(
            x=list(config.CLASS_NAMES),
            y=[None if np.isnan(value) else 100 * value for value in per_digit],
            marker_color=list(DIGIT_COLOURS),
            customdata=counts,
            text=[
                "none kept" if count == 0 else f"{round(share * count)}/{count}"
                for share, count in zip(np.nan_to_num(per_digit), counts, strict=True)
            ],
            textposition="outside",
            textfont={"size": 13},
            cliponaxis=False,
            hovertemplate="digit %{x}: %{y:.0f}% of %{customdata} read right<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis_title="your digit", xaxis_type="category", yaxis={"title": "read right (%)", "range": [0, 110]}
    )
    return _layout(figure, f"Per digit: {model}", height=480)


# Explanations -----------------------------------------------------------------------------


def probe_chart(rows: list, change: str, unit: str, original: int, names: dict[str, str]) -> go.Figure:
    """Per model, the probability it gives the digit first read as the change grows; an
    open circle where its answer is another digit (labelled with that digit)."""
    figure = go.Figure()
    for colour_index, model in enumerate(dict.fromkeys(row.model for row in rows)):
        own = sorted((row for row in rows if row.model == model), key=lambda row: row.amount)
        colour = DIGIT_COLOURS[(colour_index * 3) % len(DIGIT_COLOURS)]
        figure.add_trace(
            go.Scatter(
                x=[row.amount for row in own],
                y=[100 * row.probability for row in own],
                mode="lines+markers+text",
                name=names.get(model, model),
                line={"color": colour},
                marker={
                    "size": [7 if row.read == original else 12 for row in own],
                    "symbol": ["circle" if row.read == original else "circle-open" for row in own],
                    "color": colour,
                },
                text=["" if row.read == original else str(row.read) for row in own],
                textposition="top center",
                customdata=[row.read for row in own],
                hovertemplate=f"%{{x}} {unit}: reads %{{customdata}}, P({original}) %{{y:.0f}}%<extra>"
                + names.get(model, model)
                + "</extra>",
            )
        )
    figure.update_layout(
        xaxis_title=f"{change} ({unit})",
        yaxis={"title": f"P({original}) (%)", "range": [-5, 110]},
        legend={"orientation": "h", "y": -0.3},
    )
    return _layout(figure, f"Where each model stops reading {original} ({change})", height=380)
