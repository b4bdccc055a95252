"""The verifier: a second opinion on whether a candidate frame holds exactly one digit.

The digit classifier answers "which digit?" for anything, so it cannot refuse two
narrow zeros joined into one frame, or half of a digit cut off. The verifier, a
small network trained on reader-style pieces (core/models/verifier.py: one digit
against several side by side, fragments and marks), answers "is this one whole
digit?". The lattice weighs its log-probability into every join and cut. Served by
onnxruntime like the classifier: nothing here imports TensorFlow.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from core import config
from core.models.onnx_serving import optional_network, serving_session

VERIFIER_PATH = config.MODELS_DIR / "verifier.onnx"


class Verifier:
    """`one_digit(frames)`: probability, per (N, 28, 56) float frame (framing.WIDE_LAYOUT),
    that it holds one whole digit."""

    def __init__(self, path: Path = VERIFIER_PATH):
        self.session = serving_session(path)
        self.input_name = self.session.get_inputs()[0].name

    def one_digit(self, frames: np.ndarray) -> np.ndarray:
        if len(frames) == 0:
            return np.zeros(0, np.float32)
        inputs = np.ascontiguousarray(frames, dtype=np.float32)[..., None]
        (probabilities,) = self.session.run(None, {self.input_name: inputs})
        return probabilities.reshape(-1).astype(np.float32, copy=False)


@functools.lru_cache(maxsize=2)
def load_verifier(path: Path = VERIFIER_PATH) -> Verifier | None:
    """The shipped verifier, or None when its file is missing or damaged: the reader then
    works without it, as before it existed, and a damaged file is logged once with its fix."""
    return optional_network(Verifier, path, "verifier", "python -m core train-verifier")
