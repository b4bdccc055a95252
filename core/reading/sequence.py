"""The sequence reader: a run of touching digits read as a string, without cutting it.

Cutting a piece of ink into digits fails where neighbours overlap: no cut parts a 7's
bar from the 4 it runs into, and each half keeps a lump of its neighbour. The sequence
reader (core/models/sequence.py: a convolutional network trained with CTC on runs of
MNIST digits) says, for each pair of columns of a run's frame
(`core.reading.framing.to_run_frame`), which digit is there or that none is. Its best
string, and how likely it finds any other string (the forward algorithm of CTC), let
the reader check the digits its cuts found. Served by onnxruntime like the classifier:
nothing here imports TensorFlow.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import config
from core.models.onnx_serving import optional_network, serving_session

SEQUENCE_PATH = config.MODELS_DIR / "sequence.onnx"
BLANK = 0  # class 0 is "no digit here"; class d + 1 is digit d


@dataclass(frozen=True)
class SequenceReading:
    """A run read as a string: the digits, where each lies across the frame (first and
    last column step, in steps of the network's output), each digit's probabilities
    (10, over the steps where it is read), and the string's probability."""

    text: str
    spans: tuple[tuple[int, int], ...]
    probabilities: tuple[np.ndarray, ...]
    probability: float
    steps: int


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def string_log_probability(log_probabilities: np.ndarray, text: str) -> float:
    """log P(text | frame) under CTC: the sum over every alignment of the string's digits
    and blanks to the columns (the forward algorithm, Graves et al. 2006), from the
    per-column log-probabilities (steps, 11)."""
    steps = len(log_probabilities)
    labels = [BLANK]
    for character in text:
        labels += [int(character) + 1, BLANK]
    size = len(labels)
    if len(text) > steps:
        return -np.inf
    labels_array = np.array(labels)
    # A digit may follow the one two places back (skipping the blank) unless it is the same.
    skip = np.zeros(size, bool)
    skip[2:] = (labels_array[2:] != BLANK) & (labels_array[2:] != labels_array[:-2])
    alpha = np.full(size, -np.inf)
    alpha[0] = log_probabilities[0, labels[0]]
    if size > 1:
        alpha[1] = log_probabilities[0, labels[1]]
    for step in range(1, steps):
        stay = alpha
        advance = np.concatenate([[-np.inf], alpha[:-1]])
        jump = np.where(skip, np.concatenate([[-np.inf, -np.inf], alpha[:-2]])[:size], -np.inf)
        alpha = np.logaddexp(np.logaddexp(stay, advance), jump) + log_probabilities[step, labels_array]
    return float(np.logaddexp(alpha[-1], alpha[-2]) if size > 1 else alpha[-1])


def best_path_length(log_probabilities: np.ndarray) -> int:
    """How many digits `best_path` reads, without weighing the string's probability."""
    best = log_probabilities.argmax(axis=-1)
    starts = np.concatenate([[True], best[1:] != best[:-1]])
    return int(np.count_nonzero(starts & (best != BLANK)))


def best_path(log_probabilities: np.ndarray) -> SequenceReading:
    """The string of each column's likeliest class (repeats merged, blanks dropped), where
    each of its digits lies, and its probability under every alignment."""
    best = log_probabilities.argmax(axis=-1)
    probabilities = np.exp(log_probabilities)
    text, spans, digit_probabilities = [], [], []
    step = 0
    while step < len(best):
        label = int(best[step])
        end = step
        while end + 1 < len(best) and best[end + 1] == label:
            end += 1
        if label != BLANK:
            text.append(str(label - 1))
            spans.append((step, end))
            digits = probabilities[step : end + 1, 1:].mean(axis=0)
            digit_probabilities.append((digits / digits.sum()).astype(np.float32))
        step = end + 1
    string = "".join(text)
    return SequenceReading(
        text=string,
        spans=tuple(spans),
        probabilities=tuple(digit_probabilities),
        probability=float(np.exp(string_log_probability(log_probabilities, string))),
        steps=len(best),
    )


class SequenceReader:
    """`log_probabilities(frames)`: per run frame of (N, 28, W) (framing.RUN_LAYOUT's
    160 columns, or their middle W, W even), the log-probability of each class at each
    step of two columns, (N, W / 2, 11)."""

    def __init__(self, path: Path = SEQUENCE_PATH):
        self.session = serving_session(path)
        self.input_name = self.session.get_inputs()[0].name
        # A network exported before it was built for any width takes 160 columns only.
        self.reads_any_width = not isinstance(self.session.get_inputs()[0].shape[2], int)

    def log_probabilities(self, frames: np.ndarray) -> np.ndarray:
        if len(frames) == 0:
            return np.zeros((0, 0, 11), np.float32)
        inputs = np.ascontiguousarray(frames, dtype=np.float32)[..., None]
        (logits,) = self.session.run(None, {self.input_name: inputs})
        return log_softmax(logits.astype(np.float64))


@functools.lru_cache(maxsize=2)
def load_sequence_reader(path: Path = SEQUENCE_PATH) -> SequenceReader | None:
    """The shipped sequence reader, or None when its file is missing or damaged: the
    reader then trusts its cuts alone, as before it existed; a damaged file is logged."""
    return optional_network(SequenceReader, path, "sequence reader", "python -m core train-sequence")
