"""Predictor: draw or upload a number, see how it was read, compare the models, hear it."""

import time
from collections import Counter

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas  # only importable under streamlit run: pages only

from core.cache import mnist_or_stop, reader_model
from core.examples import example_number
from core.images import annotate, on_white, upscale
from core.models import MODEL_NAMES, SPECS, ModelNotTrainedError, is_available
from core.reading import (
    NOT_SERVED,
    WORKING_MAX_SIDE,
    DigitReading,
    ReadError,
    Reading,
    load_reduced,
    read_number,
)
from core.speech import SpeechError, SpeechUnavailableError, speakable, synthesize

CANVAS_WIDTH, CANVAS_HEIGHT = 660, 260
MAX_UPLOAD_MB = 10  # also server.maxUploadSize in .streamlit/config.toml
UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif"]
CARDS_PER_ROW = 6
READING_STYLE = "font-size:4rem;font-weight:700;letter-spacing:0.15em;line-height:1.1;margin:0"
FRAME_SCALE = 4
SOURCES = {
    "draw": ":material/draw: Draw",
    "upload": ":material/upload: Upload a photo",
    "example": ":material/casino: Example",
}

st.title("Read a number")
st.caption(
    "Write a number with the mouse, a pen or a finger, or upload a photo or scan. Digit Lab "
    "finds each digit with OpenCV, turns it into the 28×28 frame an MNIST model expects, "
    "reads it, and shows its work."
)

available = [name for name in MODEL_NAMES if is_available(name) and name not in NOT_SERVED]
missing = [name for name in MODEL_NAMES if not is_available(name) and name not in NOT_SERVED]
if not available:
    st.error("No trained model is available. Build the CNN with `python -m core train --model cnn`.")
    st.stop()

settings = st.columns([2, 2, 3])
model_name = settings[0].selectbox(
    "Model that reads",
    available,
    index=available.index("cnn") if "cnn" in available else 0,
    format_func=lambda name: SPECS[name].display_name,
    help="The CNN reads best; the others show how a model's accuracy feels on your own handwriting.",
)
compare = settings[1].toggle(
    "Compare every model", help="Read the same image with every available model, side by side."
)
notes = [f"{SPECS[name].display_name}: not built yet (`{SPECS[name].train_command}`)" for name in missing]
notes += [f"{SPECS[name].display_name}: not served here, {reason}" for name, reason in NOT_SERVED.items()]
settings[2].caption("  \n".join(notes))

source = st.segmented_control(
    "Source", list(SOURCES), format_func=SOURCES.get, default="draw", label_visibility="collapsed"
)


def drawn_image(returning: bool) -> np.ndarray | None:
    """The canvas and what is drawn on it. `returning`: the user comes back from another
    source, so the canvas is remounted with the drawing it held."""
    controls = st.columns([3, 1, 1])
    stroke = controls[0].slider(
        "Pen width", 6, 40, 18, help="Thin or bold, both are normalised to MNIST's stroke."
    )
    if "canvas_number" not in st.session_state:
        st.session_state.canvas_number = 0
    if controls[1].button("Clear", icon=":material/delete:", width="stretch"):
        st.session_state.canvas_number += 1  # a new key gives a fresh, empty canvas
        st.session_state.pop("drawing", None)
        st.session_state.drawing_initial = None
    controls[2].caption("Undo and redo: the ↶ ↷ buttons at the top right of the canvas.")
    # The drawing survives a visit to the other sources: the canvas unmounts while they
    # show, so it is remounted from the last strokes it sent (and reads their image). The
    # initial drawing only changes on a remount: changing it redraws the canvas.
    saved = st.session_state.get("drawing")
    if returning or "drawing_initial" not in st.session_state:
        st.session_state.drawing_initial = saved["json"] if saved else None
    canvas = st_canvas(
        stroke_width=stroke,
        stroke_color="#000000",
        background_color="#ffffff",
        height=CANVAS_HEIGHT,
        width=CANVAS_WIDTH,
        drawing_mode="freedraw",
        initial_drawing=st.session_state.drawing_initial,
        return_image_data=True,
        key=f"canvas-{st.session_state.canvas_number}",
    )
    if canvas.json_data is not None and canvas.image_data is not None:
        st.session_state.drawing = {"json": canvas.json_data, "image": canvas.image_data}
        return canvas.image_data
    return saved["image"] if saved else None


def uploaded_image() -> bytes | None:
    upload = st.file_uploader(
        f"A photo or scan of a handwritten number (PNG, JPEG, WebP, BMP, TIFF or GIF, "
        f"up to {MAX_UPLOAD_MB} MB)",
        type=UPLOAD_TYPES,
    )
    if upload is None:
        return None
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(
            f"{upload.name} is {upload.size / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB. "
            "Crop or shrink it."
        )
        return None
    return upload.getvalue()


def example_image() -> np.ndarray:
    dataset = mnist_or_stop()
    if "example_seed" not in st.session_state:
        st.session_state.example_seed = 0
    if st.button("Another example", icon=":material/shuffle:"):
        st.session_state.example_seed += 1
    truth, image = example_number(dataset.test_images, dataset.test_labels, st.session_state.example_seed)
    st.caption(f"MNIST test digits {truth} written as strokes (seed {st.session_state.example_seed}).")
    return image


def show_digit_cards(reading: Reading) -> None:
    for start in range(0, len(reading.digits), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for number, (column, digit) in enumerate(
            zip(columns, reading.digits[start : start + CARDS_PER_ROW], strict=False), start=start + 1
        ):
            with column.container(border=True):
                frame = upscale(np.round(digit.frame * 255).astype(np.uint8), FRAME_SCALE)
                st.image(frame, caption=f"#{number}: the model's view", width="stretch")
                st.markdown(
                    f"#### {digit.digit}" + (" :orange[:material/warning:]" if digit.low_confidence else "")
                )
                st.progress(digit.confidence, text=f"{digit.confidence:.0%} sure")
                st.caption("then " + ", ".join(f"{d} {p:.0%}" for d, p in digit.alternatives[1:]))


def show_reading(reading: Reading, rgba: np.ndarray) -> None:
    if not reading.digits:
        st.info(reading.message)
        return
    summary, picture = st.columns([2, 3])
    with summary:
        # The class lets the browser tests find the reading.
        lines = "<br>".join(reading.lines)
        st.markdown(
            f'<p class="digitlab-reading" style="{READING_STYLE}">{lines}</p>', unsafe_allow_html=True
        )
        st.caption(f"Read by {SPECS[reading.model].display_name}: {len(reading.digits)} digits.")
        unsure = [
            (number, digit) for number, digit in enumerate(reading.digits, start=1) if digit.low_confidence
        ]
        if unsure:
            st.warning(
                "Take a second look at " + "; ".join(doubt(number, digit) for number, digit in unsure) + ".",
                icon=":material/help:",
            )
        read_aloud(reading)
    boxes = [digit.box.as_list() for digit in reading.digits]
    ignored = [mark.box.as_list() for mark in reading.ignored]
    left_out = Counter(mark.reason for mark in reading.ignored)
    caption = "Each box is one digit, numbered in reading order."
    if left_out:
        listed = ", ".join(f"{reason} ({count})" for reason, count in left_out.most_common())
        caption += f" Grey boxes were left out: {listed}."
    picture.image(
        annotate(on_white(rgba), boxes, [digit.low_confidence for digit in reading.digits], ignored),
        caption=caption,
    )
    show_digit_cards(reading)


def doubt(number: int, digit: DigitReading) -> str:
    runner_up, probability = digit.alternatives[1]
    read_as = f"read as {digit.digit} at {digit.confidence:.0%}, or {runner_up} at {probability:.0%}"
    return f"digit #{number} ({read_as}): it {digit.doubt}"


def read_aloud(reading: Reading) -> None:
    style = st.segmented_control(
        "Say it", ["as a number", "digit by digit"], default="as a number", key="speech_style"
    )
    if st.button("Read aloud", icon=":material/volume_up:"):
        text = speakable(reading.lines, as_number=style != "digit by digit")
        try:
            st.session_state.speech = (reading.text, text, synthesize(text))
        except SpeechUnavailableError as error:
            st.warning(str(error), icon=":material/volume_off:")
        except SpeechError as error:
            st.error(f"Could not make the audio. {error}")
    spoken = st.session_state.get("speech")
    if spoken and spoken[0] == reading.text:
        st.audio(spoken[2], format="audio/wav", autoplay=True)
        st.caption(f"“{spoken[1]}”")


def show_comparison(image) -> None:
    st.subheader("Every model, same image")
    rows = []
    for name in available:
        started = time.perf_counter()
        reading = read_number(image, model=reader_model(name))
        seconds = time.perf_counter() - started
        confidences = [digit.confidence for digit in reading.digits]
        rows.append(
            {
                "Model": SPECS[name].display_name,
                "Reads": reading.text.replace("\n", " / ") or "(nothing)",
                "Least sure digit": min(confidences) if confidences else None,
                "Mean confidence": float(np.mean(confidences)) if confidences else None,
                "Per digit": ", ".join(f"{d.digit} {d.confidence:.0%}" for d in reading.digits),
                "Time (ms)": round(1000 * seconds, 1),
            }
        )
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "Least sure digit": st.column_config.ProgressColumn(
                min_value=0.0, max_value=1.0, format="percent"
            ),
            "Mean confidence": st.column_config.ProgressColumn(
                min_value=0.0, max_value=1.0, format="percent"
            ),
        },
    )
    st.caption(
        "The same segmentation steps run for every model; each model scores the candidate digits itself."
    )


@st.fragment
def predictor() -> None:
    returning = st.session_state.get("last_source", "draw") != "draw"
    st.session_state.last_source = source
    if source == "upload":
        image = uploaded_image()
    elif source == "example":
        image = example_image()
    else:
        image = drawn_image(returning)
    if image is None:
        st.info(
            "Draw a number above (or upload a photo) and its reading appears here.", icon=":material/draw:"
        )
        return
    try:
        # Decoded at most at the reader's working size: a 12-megapixel JPEG costs a
        # sixteenth of its full decoding, and boxes match the picture shown.
        rgba, _ = load_reduced(image, max_side=WORKING_MAX_SIDE)
        reading = read_number(rgba, model=reader_model(model_name))
    except ReadError as error:
        st.error(str(error), icon=":material/broken_image:")
        return
    except ModelNotTrainedError as error:
        st.error(str(error))
        return
    show_reading(reading, rgba)
    if compare:
        show_comparison(rgba)


predictor()
