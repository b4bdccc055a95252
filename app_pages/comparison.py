"""Compare models: the eight models side by side, from the saved results; train your own."""

import numpy as np
import streamlit as st

from app_pages.components.collection import chosen_collection
from core import charts, compare, config
from core.cache import (
    committed_predictions,
    committed_results,
    known_damage,
    mnist_or_stop,
    reader_model,
)
from core.collection import few_digits_note, score, score_rows
from core.evaluate import ResultsError
from core.images import png_bytes
from core.models import MODEL_NAMES, SPECS, is_available
from core.reading import NOT_SERVED

# One plain sentence per figure, shown where a learner hovers (column names, controls).
HELP = {
    "accuracy": "Share of the 10,000 test images read correctly; no model saw them in training.",
    "published": "Test accuracy that the earlier projects reported for the same kind of model.",
    "macro_f1": (
        "The F1 score (the balance of precision and recall) of each digit, averaged over the "
        "ten digits, so a weak digit counts as much as a common one."
    ),
    "fit": "How long training took on this project's 2-core machine.",
    "batched": "Milliseconds per image when the model reads 10,000 images in one call.",
    "single": "Milliseconds to read one image on its own, as the number reader does.",
    "size": "Size of the saved model file.",
    "parameters": "Numbers learned in training. A k-NN learns none: it keeps the training images.",
}
# Mistake tiles: 28-pixel digits shown at twice their size, each with its caption under it.
TILE_WIDTH = 64
GALLERY_LIMIT = 48
st.title("Compare models")
st.caption(
    "Eight classifiers trained on the same 55,000 images and scored once on the same 10,000 test "
    "images. Everything here is read from the saved results; nothing is re-run unless you train "
    "a model yourself below."
)

try:
    results = committed_results()
    predictions = committed_predictions()
except ResultsError as error:
    st.error(f"**The saved results cannot be used.** {error}", icon=":material/error:")
    st.stop()

if "session_models" not in st.session_state:
    st.session_state.session_models = {}  # label -> (entry, test probabilities)
entries = dict(results["models"])  # leaderboard() marks these "committed"
probabilities = {
    name: predictions.probabilities[name] for name in entries if name in predictions.probabilities
}
for label, (entry, session_probabilities) in st.session_state.session_models.items():
    entries[label] = entry
    probabilities[label] = session_probabilities
labels = predictions.labels


def display_name(key: str) -> str:
    return entries[key]["display_name"]


ordered_keys = [row["key"] for row in compare.leaderboard(entries)]
# Every saved model is shown at first (the default, which keeps the URL clean); the
# choice lives in the URL, so a reload or a shared link shows the same models. A model
# just trained joins the selection (set before the widget exists, as Streamlit requires).
committed_keys = [key for key in ordered_keys if key in results["models"]]
just_trained = st.session_state.pop("just_trained", None)
if just_trained:
    already_shown = st.session_state.get("shown_models", committed_keys)
    if just_trained not in already_shown:
        st.session_state.shown_models = [*already_shown, just_trained]
shown = st.multiselect(
    "Models",
    ordered_keys,
    default=committed_keys,
    format_func=display_name,
    key="shown_models",
    bind="query-params",
)
if not shown:
    st.info("Pick at least one model above.")
    st.stop()
shown_entries = {key: entries[key] for key in shown}
rows = compare.leaderboard(shown_entries)

tabs = st.tabs(
    [
        "Leaderboard",
        "Trade-offs",
        "Confusion",
        "Per digit",
        "ROC",
        "Mistakes",
        "Your handwriting",
        "Train your own",
    ],
    key="comparison_tab",
    bind="query-params",
    on_change="rerun",  # only the open tab runs
)
(
    leaderboard_tab,
    tradeoff_tab,
    confusion_tab,
    per_digit_tab,
    roc_tab,
    mistakes_tab,
    handwriting_tab,
    train_tab,
) = tabs

with leaderboard_tab:
    if leaderboard_tab.open:
        st.plotly_chart(charts.leaderboard_chart(rows), key="leaderboard_chart")
        st.caption(
            "Each dot is the share of the 10,000 test images a model reads wrong, on a log scale: "
            "each step left is several times fewer mistakes. Open diamonds are what the projects "
            "Digit Lab grew out of published (a line where they gave a range); models you train "
            "yourself have none, since those figures describe other settings."
        )
        st.dataframe(
            compare.leaderboard_table(rows),
            hide_index=True,
            width="stretch",
            column_config={
                "Model": st.column_config.TextColumn(width="medium", pinned=True),
                "Accuracy (%)": st.column_config.NumberColumn(format="%.2f", help=HELP["accuracy"]),
                "Published (%)": st.column_config.TextColumn(help=HELP["published"]),
                "Macro-F1": st.column_config.NumberColumn(
                    format="%.4f", width="small", help=HELP["macro_f1"]
                ),
                "Fit": st.column_config.TextColumn(width="small", help=HELP["fit"]),
                "ms / image": st.column_config.NumberColumn(
                    format="%.3f", width="small", help=HELP["batched"]
                ),
                "ms, one image": st.column_config.NumberColumn(
                    format="%.2f", width="small", help=HELP["single"]
                ),
                "Size (MB)": st.column_config.NumberColumn(format="%.2f", width="small", help=HELP["size"]),
                "Parameters": st.column_config.TextColumn(help=HELP["parameters"]),
            },
        )
        st.caption(
            "Times are from this project's 2-core machine; see the README for how each figure "
            "was measured. Hover a column's name for what it means."
        )

with tradeoff_tab:
    if tradeoff_tab.open:
        left, right = st.columns(2)
        left.plotly_chart(charts.tradeoff_chart(rows, "ms_per_image"), key="speed_chart")
        right.plotly_chart(charts.tradeoff_chart(rows, "size_mb"), key="size_chart")
        st.caption(
            "Up and to the left is better: more accuracy for less time or memory. The time and size "
            "axes are log scales (each step is ten times more); accuracy is not."
        )

with confusion_tab:
    if confusion_tab.open:
        controls = st.columns([2, 1.4, 2, 2])
        first = controls[0].selectbox(
            "Model", shown, format_func=display_name, key="confusion_model", bind="query-params"
        )
        normalised = controls[1].toggle(
            "Shares (%)",
            key="confusion_normalised",
            help="Each row as percentages of that digit's test images, so that digits with fewer "
            "images compare fairly.",
        )
        others = ["none", *[key for key in shown if key != first]]
        second = controls[2].selectbox(
            "Against",
            others,
            format_func=lambda key: key if key == "none" else display_name(key),
            key="confusion_second",
        )
        view = controls[3].radio(
            "Show", ["side by side", "difference"], horizontal=True, key="confusion_view"
        )
        matrix = np.asarray(entries[first]["confusion_matrix"])
        shown_matrix = compare.normalise_rows(matrix) if normalised else matrix
        st.caption(
            "Rows are the true digit, columns what the model read. The colours are scaled to the "
            "largest mistake, so that mistakes show: the correct readings on the diagonal are "
            "far larger and all look the darkest blue."
        )
        if second == "none":
            st.plotly_chart(
                charts.confusion_chart(shown_matrix, display_name(first), normalised), key="confusion_chart"
            )
        else:
            other = np.asarray(entries[second]["confusion_matrix"])
            other_shown = compare.normalise_rows(other) if normalised else other
            if view == "difference":
                st.plotly_chart(
                    charts.confusion_chart(
                        shown_matrix - other_shown,
                        f"{display_name(first)} minus {display_name(second)}",
                        normalised,
                        difference=True,
                    ),
                    key="difference_chart",
                )
                st.caption(
                    f"Each cell: how many more times {display_name(first)} makes that mistake than "
                    f"{display_name(second)} (red: more often, blue: less often). The diagonal, the "
                    "correct readings, is left blank; the sentence below gives them."
                )
            else:
                left, right = st.columns(2)
                left.plotly_chart(
                    charts.confusion_chart(shown_matrix, display_name(first), normalised),
                    key="confusion_left",
                )
                right.plotly_chart(
                    charts.confusion_chart(other_shown, display_name(second), normalised),
                    key="confusion_right",
                )
            if first in probabilities and second in probabilities:
                fixed = compare.fixed_by(labels, probabilities[first], probabilities[second])
                broken = compare.fixed_by(labels, probabilities[second], probabilities[first])
                st.markdown(
                    f"Of the test images only one of the two reads correctly, **{display_name(second)}** "
                    f"reads {len(fixed)} and **{display_name(first)}** reads {len(broken)}."
                )
        pairs = compare.most_confused_pairs(matrix, top=5)
        st.markdown(
            "**Most confused pairs** for "
            + display_name(first)
            + ": "
            + "; ".join(f"{true} read as {guess} ({count} times)" for true, guess, count in pairs)
        )

with per_digit_tab:
    if per_digit_tab.open:
        score = st.radio(
            "Score",
            compare.PER_DIGIT_SCORES,
            format_func=charts.SCORE_NAMES.get,
            horizontal=True,
            key="per_digit_score",
            bind="query-params",
            help="Precision: of the images read as this digit, the share that are. Recall: of this "
            "digit's images, the share read as it. F1 balances the two (their harmonic mean).",
        )
        per_digit = compare.per_digit_rows(shown_entries)
        st.plotly_chart(charts.per_digit_chart(per_digit, score), key="per_digit_chart")
        start = charts.per_digit_axis_start([100 * row[score] for row in per_digit])
        st.caption(
            f"The axis starts at {start:.0f}%, not 0, so that the differences between digits show; "
            "bar heights are not proportional to the scores. The leaderboard's macro-F1 is the "
            "average of the ten F1 bars."
        )

with roc_tab:
    if roc_tab.open:
        scored = [key for key in shown if key in probabilities]
        chosen = st.selectbox("Model", scored, format_func=display_name, key="roc_model", bind="query-params")
        curves = compare.roc_curves(labels, probabilities[chosen])
        st.plotly_chart(charts.roc_chart(curves, f"One-vs-rest ROC: {display_name(chosen)}"), key="roc_chart")
        st.dataframe(
            [{"Digit": curve.digit, "AUC": curve.area} for curve in curves],
            hide_index=True,
            column_config={"AUC": st.column_config.NumberColumn(format="%.5f")},
        )
        st.caption(
            "One curve per digit, that digit against all the others: how many of its images are "
            "caught (up) for how many other images falsely taken for it (right, on a log scale: "
            "with AUCs this close to 1, the differences are at the far left). AUC is the area "
            "under the curve: 1 is perfect, 0.5 is guessing."
        )

with mistakes_tab:
    if mistakes_tab.open:
        dataset = mnist_or_stop()
        scored = [key for key in shown if key in probabilities]
        controls = st.columns(3)
        chosen = controls[0].selectbox(
            "Model", scored, format_func=display_name, key="mistakes_model", bind="query-params"
        )
        digit_options = ["any", *range(config.NUM_CLASSES)]
        true_digit = controls[1].selectbox("True digit", digit_options, key="mistakes_true")
        guessed_digit = controls[2].selectbox("Read as", digit_options, key="mistakes_predicted")
        wrong = compare.mistakes(
            labels,
            probabilities[chosen],
            None if true_digit == "any" else int(true_digit),
            None if guessed_digit == "any" else int(guessed_digit),
        )
        st.markdown(f"**{len(wrong)} mistakes**, most confident first.")
        if len(wrong):
            first_wrong = wrong[:GALLERY_LIMIT]
            captions, alts = compare.mistake_captions(labels, probabilities[chosen], first_wrong)
            st.image(
                [png_bytes(255 - dataset.test_images[index]) for index in first_wrong],
                caption=captions,
                alt=alts,
                width=TILE_WIDTH,
            )
        everyone = compare.wrong_by_every_model(labels, {key: probabilities[key] for key in scored})
        st.markdown(f"**Wrong for every model shown** ({len(scored)} models): {len(everyone)} test images.")
        if len(everyone):
            hardest = everyone[:GALLERY_LIMIT]
            st.image(
                [png_bytes(255 - dataset.test_images[index]) for index in hardest],
                caption=[f"a {labels[index]}" for index in hardest],
                alt=[f"a handwritten {labels[index]}, read wrong by every model shown" for index in hardest],
                width=TILE_WIDTH,
            )


def your_handwriting() -> None:
    st.caption(
        "The digits you kept on Read a number, read again by every model: how well each reads "
        "your handwriting, beside how well it reads MNIST's test set."
    )
    chosen = chosen_collection()
    if chosen is None:
        return
    store, name = chosen
    frames, kept_labels = store.arrays(name)
    served = [
        key
        for key in MODEL_NAMES
        if is_available(key) and key not in NOT_SERVED and known_damage(key) is None
    ]
    names = {key: SPECS[key].display_name for key in served}
    scores = [
        score(
            key, reader_model(key), frames, kept_labels, results["models"].get(key, {}).get("test_accuracy")
        )
        for key in served
    ]
    served.sort(key=lambda key: -next(result.accuracy for result in scores if result.model == key))
    note = few_digits_note(len(kept_labels))
    if note:
        st.warning(note, icon=":material/info:")
    st.plotly_chart(charts.your_accuracy_chart(scores, names, name), key="your_accuracy_chart")
    st.dataframe(
        score_rows(scores, names),
        hide_index=True,
        width="stretch",
        column_config={
            "Your digits (%)": st.column_config.NumberColumn(format="%.1f"),
            "95% interval": st.column_config.TextColumn(
                help="Where the true accuracy on digits like yours lies, 95% of the time (Wilson's "
                "interval): wide for a few digits, narrow for many."
            ),
            "MNIST test (%)": st.column_config.NumberColumn(format="%.2f"),
            "Gap (points)": st.column_config.NumberColumn(
                format="%+.1f", help="MNIST test accuracy minus accuracy on your digits."
            ),
        },
    )
    skipped = [SPECS[key].display_name for key in NOT_SERVED if is_available(key)]
    st.caption(
        "Each model reads the 28×28 frames the reader made of your digits, so segmentation "
        "plays no part here."
        + (f" Not scored: {', '.join(skipped)} (not served, see Read a number)." if skipped else "")
    )
    chosen = st.selectbox(
        "Model", served, format_func=names.get, key="your_scores_model", bind="query-params"
    )
    result = next(result for result in scores if result.model == chosen)
    left, right = st.columns(2)
    left.plotly_chart(
        charts.confusion_chart(result.confusion, f"{names[chosen]} on your digits"), key="your_confusion"
    )
    right.plotly_chart(
        charts.collection_per_digit_chart(result.per_digit, store.counts(name), names[chosen]),
        key="your_per_digit",
    )


with handwriting_tab:
    if handwriting_tab.open:
        your_handwriting()

with train_tab:
    if train_tab.open:
        st.markdown(
            "Train a model on part of the training set and see it join the charts above as a new entry "
            "for this session. 5,000 training images are always held out for validation; the committed "
            "results are never changed from here."
        )
        controls = st.columns(2)
        name = controls[0].selectbox(
            "Model",
            MODEL_NAMES,
            format_func=lambda key: SPECS[key].display_name,
            key="train_model",
            bind="query-params",
        )
        size = controls[1].select_slider(
            "Training images",
            [1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 55_000],
            value=5_000,
            key="train_size",
        )
        settings = {}
        columns = st.columns(max(1, len(SPECS[name].settings)))
        for column, setting in zip(columns, SPECS[name].settings, strict=False):
            settings[setting.name] = column.selectbox(
                setting.label,
                setting.choices,
                index=setting.choices.index(setting.default),
                format_func=setting.describe,
                help=setting.help,
                key=f"train_{name}_{setting.name}",
            )
        if SPECS[name].family == "neural":
            st.caption(
                "Keras networks load TensorFlow first (several seconds) and train at about "
                "20 to 40 s per epoch of 55,000 images here."
            )
        train_column, curve_column, cancel_column = st.columns(3)
        train = train_column.button("Train", icon=":material/model_training:", type="primary")
        curve = curve_column.button("Learning curve", icon=":material/show_chart:")
        if st.session_state.pop("training_cancelled", False):
            st.info(
                "Training stopped: you clicked Cancel (or changed a setting) before it finished. "
                "Nothing was added; click Train to start again.",
                icon=":material/cancel:",
            )
        if train or curve:
            # Any click while this runs (Cancel, or another widget) stops the run at its next
            # update: Streamlit reruns the page, and the next run says it was cancelled.
            st.session_state.training_cancelled = True
            cancel_column.button("Cancel", icon=":material/cancel:")
            bar = st.progress(0.0, text="Starting")

            def report(fraction: float, message: str) -> None:
                bar.progress(fraction, text=message)

            dataset = mnist_or_stop()
            if train:
                entry, session_probabilities = compare.session_entry(
                    name, dataset, size, progress=report, **settings
                )
                st.session_state.session_models[entry["display_name"]] = (entry, session_probabilities)
                st.session_state.just_trained = entry["display_name"]
                st.session_state.training_cancelled = False
                st.rerun()
            else:
                points = compare.learning_curve(name, dataset, size, progress=report, **settings)
                st.session_state[f"curve_{name}"] = points
                st.session_state.training_cancelled = False
                bar.empty()
        if just_trained:  # this run follows the training (popped at the top of the page)
            entry = st.session_state.session_models[just_trained][0]
            st.success(
                f"{just_trained}: test accuracy {entry['test_accuracy']:.2%}, trained in "
                f"{compare.duration(entry['fit_seconds'])}. It now appears in every tab as a session entry.",
                icon=":material/check_circle:",
            )
        points = st.session_state.get(f"curve_{name}")
        if points:
            st.plotly_chart(charts.learning_curve_chart(points, SPECS[name].display_name), key="curve_chart")
            st.caption(
                "Accuracy on the 5,000 held-out validation images (never the test set), for the model "
                "trained on each number of images up to the one chosen. A curve still rising at the "
                "right means more images would still help."
            )
            if len(points) < 3:
                st.info(
                    "Only a point or two: pick more training images above for a curve.",
                    icon=":material/info:",
                )
        if st.session_state.session_models:
            st.markdown("**Trained this session:** " + "; ".join(st.session_state.session_models))
