"""Read a number's Why? panel: why a model read one digit as it did (core/explain.py)."""

import numpy as np
import streamlit as st

from core import charts, explain
from core.cache import mnist_or_stop, neighbour_index, reader_model
from core.images import gallery, heat_overlay, on_black, png_bytes, upscale
from core.models import SPECS, ModelFileError, ModelNotTrainedError
from core.reading import Reading

FRAMING_STEP_WIDTH = 112


def open_why(key: str, number: int) -> None:
    st.session_state.why = (key, number)


def close_why() -> None:
    st.session_state.why = None


def show_why(reading: Reading, number: int, model_name: str, offered: list[str]) -> None:
    """The Why panel for digit `number` (1-based), from the reading alone: no re-read."""
    digit = reading.digits[number - 1]
    with st.container(border=True, key="why_panel"):
        heading, close = st.columns([5, 1], vertical_alignment="center")
        heading.subheader(f"Why #{number} reads as {digit.digit}")
        close.button("Close", icon=":material/close:", on_click=close_why, key="close_why")
        try:
            index = neighbour_index()
            why = explain.explain(digit.frame, digit.ink, digit.mask, reader_model(model_name), index=index)
        except (ModelNotTrainedError, ModelFileError) as error:
            st.warning(f"{error} The other explanations need it too.", icon=":material/error:")
            return
        left, right = st.columns([3, 2])
        left.markdown(f"**What made it a {why.digit}**")
        seen, rested_on = left.columns(2)
        seen.image(
            png_bytes(upscale(np.round(digit.frame * 255).astype(np.uint8), 8)),
            caption="what the model saw",
            alt=f"digit {number} as the model saw it",
        )
        rested_on.image(
            png_bytes(heat_overlay(digit.frame, why.heat)),
            caption=f"red: ink it needs for {why.digit}; blue: ink against it",
            alt=f"which parts of digit {number} the reading rests on",
        )
        left.caption(
            f"Each {explain.OCCLUSION_PATCH}×{explain.OCCLUSION_PATCH}-pixel square of the frame was "
            f"hidden in turn ({why.occluded_versions} versions, read in one batch). Red: hiding it lowers "
            f"{SPECS[model_name].display_name}'s belief in {why.digit}, the stronger the more; blue: "
            "hiding it raises it."
        )
        dataset = mnist_or_stop()
        neighbours = dataset.train_images[why.neighbour_indices]
        right.markdown(f"**Your {digit.digit} looks most like these training digits**")
        right.image(
            png_bytes(gallery(neighbours, columns=len(neighbours), scale=3)),
            caption=", ".join(
                f"a {dataset.train_labels[index]} (#{index})" for index in why.neighbour_indices
            )
            + ": nearest in the CNN's learned features (its last hidden layer).",
            alt=f"the {len(neighbours)} MNIST training digits most like this one",
        )
        if why.steps:
            st.markdown("**How the ink became the model's 28×28 frame**")
            for column, step in zip(st.columns(len(why.steps)), why.steps, strict=True):
                column.image(
                    png_bytes(on_black(step.image)),
                    caption=f"{step.title}: {step.note}",
                    alt=f"the digit's ink, {step.title}",
                    width=FRAMING_STEP_WIDTH,
                )
        controls = st.columns(2)
        change = (
            controls[0].segmented_control(
                "Change the digit",
                list(explain.PROBE_AMOUNTS),
                default="shift",
                key="why_change",
                help="Rotate, shift, thicken, thin or erase the frame bit by bit, and see where each "
                "model's answer changes.",
            )
            or "shift"
        )
        compared = controls[1].multiselect(
            "Models",
            offered,
            default=[name for name in (model_name, "mlp") if name in offered],
            format_func=lambda name: SPECS[name].display_name,
            key="why_models",
        )
        rows = (
            why.probes[change]
            if compared == [model_name]
            else explain.probe(digit.frame, change, model_names=[reader_model(name) for name in compared])
        )
        names = {name: SPECS[name].display_name for name in offered}
        st.plotly_chart(
            charts.probe_chart(rows, change, explain.PROBE_UNITS[change], why.digit, names), key="why_probe"
        )
        flips = explain.flip_points(rows, why.digit)
        st.caption(
            " ".join(
                f"{names.get(model, model)}: {flip_text(below, above, explain.PROBE_UNITS[change])}."
                for model, (below, above) in flips.items()
            )
        )


def flip_text(below: float | None, above: float | None, unit: str) -> str:
    if below is None and above is None:
        return "reads the same over the whole range"
    amounts = " and at ".join(f"{amount:g}" for amount in (below, above) if amount is not None)
    return f"reads another digit at {amounts} ({unit})"
