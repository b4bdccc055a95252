"""Predictor: draw or upload a number, see how it was read, compare the models, hear it."""

import hashlib
import time
from collections import Counter

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas  # only importable under streamlit run: pages only

from app_pages.components.canvas_tools import canvas_tools
from app_pages.components.keep import keep_digits
from app_pages.components.why_panel import open_why, show_why
from core import compare, config
from core.cache import committed_results, known_damage, mnist_or_stop, reader_model
from core.evaluate import ResultsError
from core.examples import digit_verdicts, example_number
from core.images import annotate, on_white, png_bytes, upscale, zoomed_on
from core.models import MODEL_NAMES, SPECS, ModelFileError, ModelNotTrainedError, is_available
from core.reading import (
    IMAGE_SUFFIXES,
    NOT_SERVED,
    WORKING_MAX_SIDE,
    DigitReading,
    ReadError,
    Reading,
    load_reduced,
    read_number,
    upload_refusal,
)
from core.speech import SpeechError, SpeechUnavailableError, speakable, synthesize
from core.wording import counted

CANVAS_WIDTH, CANVAS_HEIGHT = 660, 260
# Also server.maxUploadSize in .streamlit/config.toml: the browser refuses larger files,
# and the page checks again.
MAX_UPLOAD_MB = 10
UPLOAD_NAMES = sorted(set(IMAGE_SUFFIXES.values()))
DRAWING_PAD = "drawing_pad"
READING_AREA = "reading_area"
CARDS_PER_ROW = 6
READING_STYLE = "font-size:4rem;font-weight:700;letter-spacing:0.15em;line-height:1.1;margin:0"
FRAME_SCALE = 4
# A file over server.maxUploadSize never reaches the server: the uploader refuses it with
# an error that it keeps for screen readers and a hover tooltip. Shown under the file.
REFUSED_FILE_STYLE = """
[data-testid="stFileChip"][aria-invalid="true"] { flex-wrap: wrap; }
[data-testid="stFileChip"][aria-invalid="true"] [role="alert"] {
  position: static !important; width: 100% !important; height: auto !important;
  clip: auto !important; clip-path: none !important; overflow: visible !important;
  white-space: normal !important; margin: 0.25rem 0 0 !important;
  color: #b91c1c; font-size: 0.875rem;
}
"""
WAITING_HINTS = {
    "draw": "Draw a number above and its reading appears here.",
    "upload": "Upload a photo or scan above and its reading appears here.",
}
# What a kept digit's source is called in the collection, by the page's source.
KEPT_SOURCES = {"draw": "canvas", "upload": "upload", "example": "example"}
SOURCES = {
    "draw": ":material/draw: Draw",
    "upload": ":material/upload: Upload a photo",
    "example": ":material/casino: Example",
}

st.title("Read a number")
st.caption(
    "Write a number with the mouse, a pen or a finger, or upload a photo. Digit Lab finds each "
    "digit, turns it into the 28×28 frame an MNIST model expects, reads it, and shows its work."
)

available = [name for name in MODEL_NAMES if is_available(name) and name not in NOT_SERVED]
if not available:
    st.error("No trained model is available. Build the CNN with `python -m core train --model cnn`.")
    st.stop()

st.html(f"<style>.st-key-{READING_AREA} {{ min-height: 100vh; }}{REFUSED_FILE_STYLE}</style>")

# The source lives in the URL (?source=example), so a reload or a shared link opens the
# same one. Kept by hand rather than with bind="query-params", which would write the
# button's label, icon name and all.
if "source" not in st.session_state:
    requested = st.query_params.get("source")
    st.session_state.source = requested if requested in SOURCES else "draw"
source = (
    st.segmented_control(
        "Source", list(SOURCES), format_func=SOURCES.get, key="source", label_visibility="collapsed"
    )
    or "draw"
)
if source == "draw":
    st.query_params.pop("source", None)
else:
    st.query_params["source"] = source


def model_help() -> str:
    lines = ["The CNN reads best; the others show how each model copes with your own handwriting."]
    lines += [
        f"{SPECS[name].display_name} is not offered: not built yet (`{SPECS[name].train_command}`)."
        for name in MODEL_NAMES
        if not is_available(name) and name not in NOT_SERVED
    ]
    lines += [f"{SPECS[name].display_name} is not offered: {reason}." for name, reason in NOT_SERVED.items()]
    return "\n\n".join(lines)


def drawing_pad(showing: bool) -> np.ndarray | None:
    """The canvas and what is drawn on it. It stays mounted (hidden while another source
    shows), so the drawing, its undo history and any stroke in flight survive reruns."""
    if not showing:
        st.html(f"<style>.st-key-{DRAWING_PAD} {{ display: none; }}</style>")
    with st.container(key=DRAWING_PAD):
        canvas_area = st.container()
        tools, pen = st.columns([3, 2], vertical_alignment="center")
        with tools:
            canvas_tools(DRAWING_PAD, CANVAS_WIDTH, CANVAS_HEIGHT)
        stroke = pen.slider(
            "Pen width",
            6,
            40,
            18,
            key="pen_width",
            help="Thin or bold, both are normalised to MNIST's stroke.",
        )
        with canvas_area:
            # Transparent, shown on white (canvas_tools.js): the reader takes a transparent
            # canvas's ink straight from its alpha, several times faster than finding ink
            # on an opaque picture, at every stroke.
            canvas = st_canvas(
                stroke_width=stroke,
                stroke_color="#000000",
                background_color="",
                height=CANVAS_HEIGHT,
                width=CANVAS_WIDTH,
                drawing_mode="freedraw",
                return_image_data=True,
                key="canvas",
            )
    if canvas.json_data is None or not canvas.json_data.get("objects"):
        return None
    return canvas.image_data


def uploaded_image() -> bytes | None:
    upload = st.file_uploader(
        f"A photo or scan of a handwritten number ({', '.join(UPLOAD_NAMES)}; up to {MAX_UPLOAD_MB} MB)",
        # Any file is taken and checked here, so a wrong type gets a message on the page
        # rather than only the uploader's red icon.
        type=None,
        key="upload",
    )
    refusal = upload and upload_refusal(upload.name, upload.size, MAX_UPLOAD_MB)
    st.session_state.upload_refused = bool(refusal)
    if refusal:
        st.error(refusal, icon=":material/block:")
    if upload is None or refusal:
        return None
    return upload.getvalue()


def example_image() -> tuple[str, np.ndarray]:
    dataset = mnist_or_stop()
    if "example_seed" not in st.session_state:
        st.session_state.example_seed = 0
    if st.button("Another example", icon=":material/shuffle:"):
        st.session_state.example_seed += 1
    truth, image = example_number(dataset.test_images, dataset.test_labels, st.session_state.example_seed)
    st.caption(f"MNIST test digits {truth} written as strokes (seed {st.session_state.example_seed}).")
    return truth, image


def runner_ups(digit: DigitReading) -> str:
    listed = [
        f"{other} {probability:.0%}" for other, probability in digit.alternatives[1:] if probability >= 0.005
    ]
    return "then " + ", ".join(listed) if listed else "every other digit under 1%"


def reading_key(reading: Reading) -> str:
    """Names this reading's widgets: a new reading gets fresh "true digit" choices."""
    seen = [(digit.digit, digit.box.as_list()) for digit in reading.digits]
    return hashlib.blake2s(repr((reading.image_size, seen)).encode(), digest_size=6).hexdigest()


def show_digit_cards(reading: Reading, truth: str | None, key: str) -> list[int]:
    """The cards, each with its "true digit" choice; returns the digits as the person says."""
    verdicts = digit_verdicts(reading.text, truth)
    labels = []
    for start in range(0, len(reading.digits), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for number, (column, digit) in enumerate(
            zip(columns, reading.digits[start : start + CARDS_PER_ROW], strict=False), start=start + 1
        ):
            with column.container(border=True):
                frame = upscale(np.round(digit.frame * 255).astype(np.uint8), FRAME_SCALE)
                st.image(
                    png_bytes(frame),
                    caption=f"#{number}: the model's view",
                    alt=f"digit {number} as the model saw it, 28 by 28 pixels, read as {digit.digit}",
                    width="stretch",
                )
                st.markdown(
                    f"#### {digit.digit}" + (" :orange[:material/warning:]" if digit.low_confidence else "")
                )
                st.progress(digit.confidence, text=f"{digit.confidence:.0%} sure")
                st.caption(runner_ups(digit))
                verdict = verdicts[number - 1]
                if verdict is not None:
                    st.markdown(
                        ":green[:material/check: right]"
                        if verdict.right
                        else f":red[:material/close: it is {verdict.truth}]"
                    )
                st.button(
                    "Why?",
                    key=f"why_{key}_{number}",
                    icon=":material/psychology_alt:",
                    help="What the model looked at, which training digits this one is like, and "
                    "where its answer would change.",
                    on_click=open_why,
                    args=(key, number),
                    type="tertiary",
                )
                labels.append(
                    st.selectbox(
                        "True digit",
                        range(10),
                        index=int(verdict.truth) if verdict is not None else digit.digit,
                        key=f"true_digit_{key}_{number}",
                        help="Misread? Pick the digit you wrote, then keep the digits below.",
                    )
                )
    return labels


def show_reading(reading: Reading, rgba: np.ndarray, truth: str | None) -> None:
    if not reading.digits:
        st.info(reading.message)
        if reading.ignored:  # what was left out, and why: nothing dropped silently
            picture, _ = st.columns([3, 2])
            show_marks(picture, reading, rgba)
        return
    summary, picture = st.columns([2, 3])
    with summary:
        # The class lets the browser tests find the reading.
        lines = "<br>".join(reading.lines)
        st.markdown(
            f'<p class="digitlab-reading" style="{READING_STYLE}">{lines}</p>', unsafe_allow_html=True
        )
        st.caption(f"Read by {SPECS[reading.model].display_name}: {counted(len(reading.digits), 'digit')}.")
        if truth is not None:
            show_example_score(reading, truth)
        unsure = [
            (number, digit) for number, digit in enumerate(reading.digits, start=1) if digit.low_confidence
        ]
        if unsure:
            st.warning(
                "Take a second look at " + "; ".join(doubt(number, digit) for number, digit in unsure) + ".",
                icon=":material/help:",
            )
        read_aloud(reading)
    show_marks(picture, reading, rgba)


def show_marks(picture, reading: Reading, rgba: np.ndarray) -> None:
    """The image with a box on each digit and, in grey, on each mark left out, with why."""
    boxes = [digit.box.as_list() for digit in reading.digits]
    ignored = [mark.box.as_list() for mark in reading.ignored]
    left_out = Counter(mark.reason for mark in reading.ignored)
    caption = "Each box is one digit, numbered in reading order." if boxes else ""
    if left_out:
        listed = ", ".join(f"{reason} ({count})" for reason, count in left_out.most_common())
        caption += f" Grey boxes were left out: {listed}."
    image, boxes, ignored, zoomed = zoomed_on(on_white(rgba), boxes, ignored)
    if zoomed:
        caption = "Zoomed in on the number, which is small in the image. " + caption
    picture.image(
        png_bytes(annotate(image, boxes, [digit.low_confidence for digit in reading.digits], ignored)),
        caption=caption.strip(),
    )


def show_example_score(reading: Reading, truth: str) -> None:
    read = reading.text.replace("\n", "")
    if read == truth:
        st.success(f"Right: the example is {truth}.", icon=":material/check:")
    elif len(read) == len(truth):
        wrong = sum(a != b for a, b in zip(read, truth, strict=True))
        st.error(f"The example is {truth}: {wrong} of {counted(len(truth), 'digit')} misread (marked below).")
    else:
        st.error(f"The example is {truth}: {counted(len(truth), 'digit')}, read as {len(read)}.")


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


def show_comparison(image: np.ndarray, offered: list[str]) -> None:
    st.subheader("Every model, same image")
    rows = []
    for name in offered:
        started = time.perf_counter()
        try:
            reading = read_number(image, model=reader_model(name))
        except ModelFileError as error:
            rows.append({"Model": SPECS[name].display_name, "Reads": f"(not offered: {error})"})
            continue
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
        "Most accurate on MNIST's test set first. The same segmentation runs for every model; "
        "each model scores the candidate digits itself."
    )


def offered_models() -> list[str]:
    """Available models, most accurate first, less those whose files are damaged: each
    file is checked without loading it, and the chosen model is loaded here (it reads
    next anyway), so a damaged file is never offered."""
    ordered = leaderboard_order(available)
    chosen = st.session_state.get("reader")
    reader_or_damage(chosen if chosen in ordered else default_reader(ordered))
    damaged = {name: known_damage(name) for name in ordered}
    for error in damaged.values():
        if error is not None:
            st.warning(f"{error} Meanwhile the other models read.", icon=":material/error:")
    return [name for name in ordered if damaged[name] is None]


def reader_or_damage(name: str):
    try:
        return reader_model(name)
    except ModelFileError as error:
        return error


def default_reader(offered: list[str]) -> str:
    return "cnn" if "cnn" in offered else offered[0]


def leaderboard_order(names: list[str]) -> list[str]:
    """Most accurate on the test set first (models/results.json); as given if it is unusable."""
    try:
        ranked = [row["key"] for row in compare.leaderboard(committed_results()["models"])]
    except ResultsError:
        return names
    return sorted(names, key=lambda name: ranked.index(name) if name in ranked else len(ranked))


@st.fragment
def predictor() -> None:
    drawn = drawing_pad(showing=source == "draw")
    truth = None
    st.session_state.upload_refused = False
    if source == "upload":
        image = uploaded_image()
    elif source == "example":
        truth, image = example_image()
    else:
        image = drawn
    offered = offered_models()
    if not offered:
        st.error("No model can read: every model file failed to load. See the messages above.")
        return
    settings = st.columns([2, 2])
    model_name = settings[0].selectbox(
        "Model that reads",
        offered,
        index=offered.index(default_reader(offered)),
        format_func=lambda name: SPECS[name].display_name,
        key="reader",
        help=model_help(),
    )
    compare = settings[1].toggle(
        "Compare every model",
        key="compare",
        help="Read the same image with every model offered, most accurate first. Slower: every model reads.",
    )
    # What follows is read from the image; it sits in a tall box so that the page does not
    # shrink when a reading goes away (Clear): a page scrolled down would jump back up,
    # moving the canvas under a pen that is already drawing the next number.
    with st.container(key=READING_AREA):
        show_result(image, source, truth, model_name, compare, offered)


def read_once(image, model_name: str) -> tuple[np.ndarray, Reading]:
    """The image decoded and read, or the last ones when neither the image nor the model
    changed: a rerun for Why?, Keep or a true-digit choice does not read again."""
    raw = image.tobytes() + repr(image.shape).encode() if isinstance(image, np.ndarray) else bytes(image)
    fingerprint = (hashlib.blake2s(raw, digest_size=16).hexdigest(), model_name)
    last = st.session_state.get("last_reading")
    if last is not None and last[0] == fingerprint:
        return last[1], last[2]
    # Decoded at most at the reader's working size: a 12-megapixel JPEG costs a
    # sixteenth of its full decoding, and boxes match the picture shown.
    rgba, _ = load_reduced(image, max_side=WORKING_MAX_SIDE)
    if config.slow_reading_seconds():
        time.sleep(config.slow_reading_seconds())
    reading = read_number(rgba, model=reader_model(model_name))
    st.session_state.last_reading = (fingerprint, rgba, reading)
    return rgba, reading


def show_result(
    image, source: str, truth: str | None, model_name: str, compare: bool, offered: list[str]
) -> None:
    if image is None:
        if not st.session_state.get("upload_refused"):
            st.info(WAITING_HINTS[source], icon=":material/draw:")
        return
    try:
        rgba, reading = read_once(image, model_name)
    except ReadError as error:
        st.error(str(error), icon=":material/broken_image:")
        return
    except (ModelNotTrainedError, ModelFileError) as error:
        st.error(f"{error} Pick another model meanwhile.", icon=":material/error:")
        return
    show_reading(reading, rgba, truth)
    if compare:
        show_comparison(rgba, offered)
    if reading.digits:
        key = reading_key(reading)
        labels = show_digit_cards(reading, truth, key)
        why = st.session_state.get("why")
        if why and why[0] == key and why[1] <= len(reading.digits):
            show_why(reading, why[1], model_name, offered)
        keep_digits(reading, rgba, labels, KEPT_SOURCES[source], key)


predictor()
