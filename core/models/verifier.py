"""The verifier's training: candidate pieces as the reader meets them, "one digit or not".

The reader asks the digit classifier about single pieces of ink, runs of neighbours
joined, and halves of cuts. The classifier was trained on single centred digits and
is sure of something for anything it is shown: two narrow zeros joined read as one 0
at 99%. The verifier learns the difference from frames built exactly as the reader
builds them for it (`core.models.handwriting.framed`: the reader's `to_frame` with the
wide layout, on a crop and its mask), from MNIST digits drawn with wide variation
(`core.models.handwriting.written_digit`):

- one digit (label 1): any size, slant, stroke weight, with pen lifts cut into it;
- not one digit (label 0): two or three digits side by side at gaps from overlapping
  to wide and at size ratios up to 2.5, a fragment of a digit (the part left on one
  side of a straight or slanted cut), or a mark that is no digit (a dash, a blob,
  scattered specks).

Training pieces come from MNIST's training digits; the accuracy reported comes from
pieces made from its test digits, which the verifier never saw. Generating pieces needs
only numpy and OpenCV; `train_verifier` imports Keras when it runs
(`python -m core train-verifier`, 5 minutes on 2 cores on 2026-12-03).
"""

from __future__ import annotations

import cv2
import numpy as np

from core.models.base import ProgressCallback
from core.models.handwriting import HEIGHT_RANGE, framed, pen_lifts, writer_squeeze, written_digit
from core.reading.framing import WIDE_LAYOUT

# The share of each kind of candidate in a generated set (the rest is one digit).
SHARE_SEVERAL = 0.32
SHARE_FRAGMENT = 0.12
SHARE_NON_DIGIT = 0.06
MAX_SIZE_RATIO = 2.5  # between neighbours
# Gap between neighbours' glyph boxes, in heights of the taller: negative overlaps the
# boxes. A glyph keeps a blank margin of a seventh of its height or more on each side,
# so in this range two digits' ink hardly ever meets; a verifier trained on gaps between
# the ink, touching pairs among them, was tried and not adopted (models/README.md).
GAP_RANGE = (-0.2, 0.45)
# A fragment keeps this share of the digit's ink: too little is a speck, too much a digit.
FRAGMENT_SHARE = (0.2, 0.75)


def _side_by_side(glyphs: list[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    tallest = max(glyph.shape[0] for glyph in glyphs)
    gaps = [int(rng.uniform(*GAP_RANGE) * tallest) for _ in glyphs[1:]]
    # Small digits sit anywhere from the line's top to its baseline.
    offsets = [int(rng.uniform(0, 1) * (tallest - glyph.shape[0])) for glyph in glyphs]
    width = sum(glyph.shape[1] for glyph in glyphs) + sum(gaps) + 2
    canvas = np.zeros((tallest, max(width, max(glyph.shape[1] for glyph in glyphs))), np.float32)
    x = 0
    for index, (glyph, offset) in enumerate(zip(glyphs, offsets, strict=True)):
        x = max(0, x)
        region = canvas[offset : offset + glyph.shape[0], x : x + glyph.shape[1]]
        np.maximum(region, glyph[: region.shape[0], : region.shape[1]], out=region)
        x += glyph.shape[1] + (gaps[index] if index < len(gaps) else 0)
    return canvas


def _fragment(glyph: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """The ink on one side of a straight or slanted cut, when it is a real share of the digit."""
    height, width = glyph.shape
    rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, np.pi)
    position = rng.uniform(0.25, 0.75)
    across = (columns - position * width) * np.cos(angle) + (rows - position * height) * np.sin(angle)
    kept = glyph * (across < 0)
    share = kept.sum() / max(glyph.sum(), 1e-6)
    if not FRAGMENT_SHARE[0] <= share <= FRAGMENT_SHARE[1]:
        return None
    return kept


def _non_digit(rng: np.random.Generator) -> np.ndarray:
    height = int(rng.integers(*HEIGHT_RANGE))
    canvas = np.zeros((height, height * 2), np.float32)
    kind = rng.integers(3)
    thickness = max(1, int(height * rng.uniform(0.04, 0.15)))
    if kind == 0:  # a dash or a rule, at a small angle
        tilt = int(rng.uniform(-0.1, 0.1) * height)
        cv2.line(canvas, (2, height // 2), (height * 2 - 3, height // 2 + tilt), 1.0, thickness, cv2.LINE_AA)
    elif kind == 1:  # a blob: a filled patch of shadow or a smudge
        axes = (int(height * rng.uniform(0.3, 0.9)), int(height * rng.uniform(0.2, 0.45)))
        cv2.ellipse(canvas, (height, height // 2), axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    else:  # scattered specks
        for _ in range(int(rng.integers(3, 12))):
            centre = (int(rng.integers(0, height * 2)), int(rng.integers(0, height)))
            cv2.circle(canvas, centre, max(1, thickness // 2), 1.0, -1, cv2.LINE_AA)
    return canvas


def candidate_frames(
    images: np.ndarray, labels: np.ndarray, count: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`count` reader-style frames (float32 (count, 28, 56), the verifier's wide layout),
    whether each is one digit (uint8 1 or 0), and the digit string each was made of
    ("" for a fragment or a mark)."""
    rng = np.random.default_rng(seed)
    frames, targets, texts = [], [], []
    while len(frames) < count:
        draw = rng.uniform()
        height = int(rng.integers(*HEIGHT_RANGE))
        if draw < SHARE_SEVERAL:
            how_many = 2 if rng.uniform() < 0.8 else 3
            indices = rng.integers(0, len(labels), size=how_many)
            ratio = rng.uniform(1.0, MAX_SIZE_RATIO)
            heights = [max(14, int(height / ratio ** rng.uniform())) for _ in indices]
            squeeze = writer_squeeze(rng)  # one writer: the same narrowness for every digit
            glyphs = [
                written_digit(images[i], h, rng, squeeze) for i, h in zip(indices, heights, strict=True)
            ]
            ink = _side_by_side(glyphs, rng)
            target, text = 0, "".join(str(int(labels[i])) for i in indices)
        elif draw < SHARE_SEVERAL + SHARE_FRAGMENT:
            index = int(rng.integers(len(labels)))
            ink = _fragment(written_digit(images[index], height, rng, writer_squeeze(rng)), rng)
            if ink is None:
                continue
            target, text = 0, ""
        elif draw < SHARE_SEVERAL + SHARE_FRAGMENT + SHARE_NON_DIGIT:
            ink, target, text = _non_digit(rng), 0, ""
        else:
            index = int(rng.integers(len(labels)))
            ink = written_digit(images[index], height, rng, writer_squeeze(rng))
            if rng.uniform() < 0.4:
                ink = pen_lifts(ink, rng)
            target, text = 1, str(int(labels[index]))
        frame = framed(ink, WIDE_LAYOUT)
        if frame is None:
            continue
        frames.append(frame)
        targets.append(target)
        texts.append(text)
    return np.stack(frames).astype(np.float32), np.array(targets, np.uint8), np.array(texts)


# The network: small, since it runs beside the classifier on every candidate.
VERIFIER_HYPERPARAMETERS = {
    "train_pieces": 160_000,
    "validation_pieces": 10_000,
    "test_pieces": 20_000,
    "epochs": 12,
    "batch_size": 256,
    "learning_rate": 0.003,
    "dropout_rate": 0.3,
    "seed": 0,
}


def build_verifier_network(dropout_rate: float):
    """28 x 56 frame -> probability that it holds exactly one whole digit."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=(*WIDE_LAYOUT.frame, 1)),
            layers.Conv2D(16, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.Conv2D(48, 3, activation="relu"),
            layers.Flatten(),
            layers.Dropout(dropout_rate),
            layers.Dense(64, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ],
        name="verifier",
    )


def train_verifier(
    dataset,
    output_directory,
    progress: ProgressCallback = lambda fraction, message: print(message),
    **overrides,
) -> dict:
    """Train on pieces of MNIST training digits (validation pieces from the last 5,000),
    score on pieces of test digits, save verifier.keras, verifier.onnx and
    verifier.training.json in `output_directory`; returns the training record."""
    import time

    from core.models.reader_training import (
        example_splits,
        fit_with_cosine_decay,
        save_reader_network,
        start_training,
    )

    settings, directory, started = start_training(VERIFIER_HYPERPARAMETERS, overrides, output_directory)
    (train_x, train_y, _), (validation_x, validation_y, _), (test_x, test_y, test_texts) = example_splits(
        dataset,
        candidate_frames,
        (settings["train_pieces"], settings["validation_pieces"], settings["test_pieces"]),
    )
    progress(0.1, f"pieces made in {time.monotonic() - started:.0f} s")
    model = build_verifier_network(settings["dropout_rate"])
    history = fit_with_cosine_decay(
        model,
        "binary_crossentropy",
        settings,
        (train_x[..., None], train_y),
        (validation_x[..., None], validation_y),
        progress,
        lambda logs: f"validation accuracy {logs['val_accuracy']:.4f}",
        started,
        metrics=["accuracy"],
    )
    predicted = model(test_x[..., None], training=False).numpy()[:, 0] >= 0.5
    correct = predicted == (test_y == 1)
    kinds = {
        "one digit": test_y == 1,
        "several digits": (test_y == 0) & (np.char.str_len(test_texts) >= 2),
        "fragment or mark": (test_y == 0) & (np.char.str_len(test_texts) == 0),
    }
    record = save_reader_network(
        model,
        directory,
        "verifier",
        {
            "model": "verifier",
            "hyperparameters": settings,
            "validation_accuracy": float(history.history["val_accuracy"][-1]),
            "test_accuracy": float(correct.mean()),
            "test_accuracy_by_kind": {name: float(correct[chosen].mean()) for name, chosen in kinds.items()},
            "test_pieces_by_kind": {name: int(chosen.sum()) for name, chosen in kinds.items()},
        },
        started,
    )
    progress(1.0, f"test accuracy {record['test_accuracy']:.4f} {record['test_accuracy_by_kind']}")
    return record
