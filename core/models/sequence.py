"""The sequence reader's training: a run of touching digits read whole, without cutting it.

The reader cuts a piece of ink it suspects holds several digits (core/reading/runs.py,
`candidate_cuts`) and reads each part alone. Where neighbours overlap, no cut parts them:
each half keeps a lump of its neighbour's stroke and reads as something else ("1000" in
a bold pen read "10"). The sequence reader reads the whole piece as a string, as line
recognisers do (a convolutional network whose columns each say "digit d" or "nothing
here", trained with CTC, Graves et al. 2006): it never needs to know where one digit
ends and the next begins.

It learns from runs of MNIST training digits drawn as `core.models.handwriting` draws
them (any size, narrow or wide, slanted, fine pen to marker, pen lifts, blur), one to
MAX_DIGITS of them per run, gaps measured between their ink from overlapping to a little
apart, some digits smaller than their neighbours, framed as the reader frames a run
(`core.reading.framing.to_run_frame`). The accuracy reported comes from runs of MNIST
test digits, which it never saw. Generating runs needs only numpy and OpenCV;
`train_sequence_reader` imports Keras when it runs (`python -m core train-sequence`).
"""

from __future__ import annotations

import cv2
import numpy as np

from core.examples import trimmed_to_ink
from core.models.base import ProgressCallback
from core.models.handwriting import (
    HEIGHT_RANGE,
    MASK_LEVEL,
    out_of_focus,
    pen_lifts,
    writer_squeeze,
    written_digit,
)
from core.reading.framing import RUN_LAYOUT, to_run_frame

MAX_DIGITS = 6
# How many digits a training run holds: mostly the two to four that touch in real writing,
# and single digits, so that one wide digit is read as one.
DIGIT_COUNT_SHARES = (0.15, 0.3, 0.25, 0.15, 0.1, 0.05)
# Gaps between neighbours' ink, in heights of the taller: negative ones overlap. A run the
# reader meets is one connected piece, so most neighbours touch; some stand a little apart
# (a piece joined by a stray stroke or a bit of shadow).
GAP_RANGE = (-0.25, 0.05)
APART_SHARE = 0.15
APART_RANGE = (0.05, 0.3)
# Runs where some digits are written smaller than the rest, up to MAX_SIZE_RATIO times
# (the issue asks for 2.5): a small digit written into a large one's side hardly changes
# the large one's frame, and only the sequence reader sees it. With 0.3 of runs and ratios
# to 2.2 it read 77% of held-out pairs with a small digit; with these, 80%
# (models/README.md).
SMALLER_SHARE = 0.5
MAX_SIZE_RATIO = 2.6
SMALLER_DIGIT_SHARE = 0.4
PEN_LIFT_SHARE = 0.2
BLUR_SHARE = 0.15
BASELINE_JITTER = 0.06  # of the height, digits of one size up or down


def written_run(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """One run of digits drawn side by side as one writer writes them: float32 ink in
    [0, 1], tallest digit's height from HEIGHT_RANGE, and the digits it holds."""
    count = int(rng.choice(len(DIGIT_COUNT_SHARES), p=DIGIT_COUNT_SHARES)) + 1
    indices = rng.integers(0, len(labels), size=count)
    height = int(rng.integers(*HEIGHT_RANGE))
    heights = [height] * count
    if count > 1 and rng.uniform() < SMALLER_SHARE:
        ratio = rng.uniform(1.2, MAX_SIZE_RATIO)
        heights = [
            max(14, int(height / ratio)) if rng.uniform() < SMALLER_DIGIT_SHARE else height for _ in indices
        ]
    squeeze = writer_squeeze(rng)
    glyphs = []
    for index, glyph_height in zip(indices, heights, strict=True):
        glyph = trimmed_to_ink(written_digit(images[index], glyph_height, rng, squeeze))
        if rng.uniform() < PEN_LIFT_SHARE:
            glyph = pen_lifts(glyph, rng)
        glyphs.append(glyph)
    tallest = max(glyph.shape[0] for glyph in glyphs)
    gaps = [
        int(rng.uniform(*(APART_RANGE if rng.uniform() < APART_SHARE else GAP_RANGE)) * tallest)
        for _ in glyphs[1:]
    ]
    jitter = int(BASELINE_JITTER * tallest)
    margin = jitter + 2
    offsets = []
    for glyph in glyphs:
        if glyph.shape[0] < 0.9 * tallest:  # a small digit sits anywhere from the top to the baseline
            offsets.append(margin + int(rng.uniform(0, 1) * (tallest - glyph.shape[0])))
        else:
            offsets.append(margin + int(rng.integers(-jitter, jitter + 1)))
    width = sum(glyph.shape[1] for glyph in glyphs) + sum(max(gap, 0) for gap in gaps) + 2 * margin
    ink = np.zeros((tallest + 2 * margin, width), np.float32)
    x = margin
    for position, (glyph, top) in enumerate(zip(glyphs, offsets, strict=True)):
        x = max(x, 0)
        region = ink[top : top + glyph.shape[0], x : x + glyph.shape[1]]
        np.maximum(region, glyph[: region.shape[0], : region.shape[1]], out=region)
        x += glyph.shape[1] + (gaps[position] if position < len(gaps) else 0)
    if rng.uniform() < BLUR_SHARE:
        ink = out_of_focus(ink, rng)
    return ink, "".join(str(int(labels[index])) for index in indices)


def run_frames(
    images: np.ndarray, labels: np.ndarray, count: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """`count` runs framed as the reader frames a run (float32 (count, 28, RUN_LAYOUT
    width)), and the digits each holds as a string."""
    rng = np.random.default_rng(seed)
    frames, texts = [], []
    while len(frames) < count:
        ink, text = written_run(images, labels, rng)
        mask = ink >= MASK_LEVEL
        if not mask.any():
            continue
        x, y, width, height = cv2.boundingRect(mask.view(np.uint8))
        frames.append(to_run_frame(ink[y : y + height, x : x + width], mask[y : y + height, x : x + width]))
        texts.append(text)
    return np.stack(frames).astype(np.float32), np.array(texts)


def ctc_targets(texts: np.ndarray) -> np.ndarray:
    """Digit strings as CTC targets: digit d is class d + 1 (0 is the blank), padded with 0."""
    targets = np.zeros((len(texts), MAX_DIGITS), np.int32)
    for row, text in enumerate(texts):
        targets[row, : len(text)] = [int(character) + 1 for character in text]
    return targets


SEQUENCE_HYPERPARAMETERS = {
    "train_runs": 120_000,
    "validation_runs": 5_000,
    "test_runs": 10_000,
    "epochs": 14,
    "batch_size": 128,
    "learning_rate": 0.002,
    "dropout_rate": 0.2,
    "seed": 0,
}


def build_sequence_network(dropout_rate: float):
    """28-row frame of any even width (RUN_LAYOUT's 160 in training) -> for each pair of
    frame columns, logits over "nothing here" (class 0) and the ten digits (class d + 1).
    Every layer works along the width as a convolution, so the reader may read only the
    middle columns of its frames, where their ink lies, at a fraction of the cost."""
    import keras
    from keras import layers

    height, _ = RUN_LAYOUT.frame
    return keras.Sequential(
        [
            keras.Input(shape=(height, None, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.MaxPooling2D((2, 1)),
            layers.Conv2D(64, 3, padding="same", activation="relu"),
            # Each column step keeps what lies where up and down it (a 6's loop low, a
            # 9's high): pooling over the height lost that (73% of held-out runs, not 8x%).
            layers.Permute((2, 1, 3)),
            layers.Reshape((-1, height // 4 * 64)),
            layers.Dense(128, activation="relu"),
            layers.Conv1D(128, 5, padding="same", activation="relu"),
            layers.Dropout(dropout_rate),
            layers.Conv1D(128, 5, padding="same", activation="relu"),
            layers.Dropout(dropout_rate),
            layers.Conv1D(128, 3, padding="same", activation="relu"),
            layers.Dense(11),
        ],
        name="sequence",
    )


def read_strings(model, frames: np.ndarray) -> np.ndarray:
    """What a Keras sequence network reads in each frame, decoded as the reader decodes it."""
    from core.reading.sequence import best_path, log_softmax

    logits = model.predict(frames[..., None], batch_size=512, verbose=0)
    return np.array([best_path(log_softmax(row.astype(np.float64))).text for row in logits])


def train_sequence_reader(
    dataset,
    output_directory,
    progress: ProgressCallback = lambda fraction, message: print(message),
    **overrides,
) -> dict:
    """Train on runs of MNIST training digits (validation runs from the last 5,000),
    score on runs of test digits, save sequence.keras, sequence.onnx and
    sequence.training.json in `output_directory`; returns the training record."""
    import time

    import keras

    from core.models.reader_training import (
        example_splits,
        fit_with_cosine_decay,
        save_reader_network,
        start_training,
    )

    settings, directory, started = start_training(SEQUENCE_HYPERPARAMETERS, overrides, output_directory)
    (train_x, train_texts), (validation_x, validation_texts), (test_x, test_texts) = example_splits(
        dataset, run_frames, (settings["train_runs"], settings["validation_runs"], settings["test_runs"])
    )
    progress(0.1, f"runs made in {time.monotonic() - started:.0f} s")
    model = build_sequence_network(settings["dropout_rate"])

    def exact(frames: np.ndarray, texts: np.ndarray) -> float:
        return float(np.mean(read_strings(model, frames) == texts))

    history = fit_with_cosine_decay(
        model,
        keras.losses.CTC(),
        settings,
        (train_x[..., None], ctc_targets(train_texts)),
        (validation_x[..., None], ctc_targets(validation_texts)),
        progress,
        lambda logs: (
            f"loss {logs['loss']:.3f}, validation loss {logs['val_loss']:.3f}, "
            f"validation exact {exact(validation_x, validation_texts):.4f}"
        ),
        started,
    )
    correct = read_strings(model, test_x) == test_texts
    lengths = np.char.str_len(test_texts)
    record = save_reader_network(
        model,
        directory,
        "sequence",
        {
            "model": "sequence",
            "hyperparameters": settings,
            "validation_loss": float(history.history["val_loss"][-1]),
            "validation_exact": exact(validation_x, validation_texts),
            "test_exact": float(correct.mean()),
            "test_exact_by_length": {
                str(length): float(correct[lengths == length].mean()) for length in range(1, MAX_DIGITS + 1)
            },
            "test_runs_by_length": {
                str(length): int((lengths == length).sum()) for length in range(1, MAX_DIGITS + 1)
            },
        },
        started,
    )
    progress(1.0, f"test exact {record['test_exact']:.4f} {record['test_exact_by_length']}")
    return record
