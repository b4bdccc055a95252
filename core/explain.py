"""Why a model read a digit as it did, for any served model.

    occlusion        how much the chosen digit's probability drops when each region is hidden
    neighbours       the MNIST training digits most like it, in the CNN's learned features
    framing_steps    the digit's ink through each step of framing
    probe            each model's reading as the digit is rotated, shifted, thickened, ...

Every function takes a model by name (loaded once) or as a loaded DigitClassifier, so the
networks answer through onnxruntime and the classic models through their pipelines; each
asks its model once, with a batch. Nothing here reads the image again: the frame and the
ink come from the reading (DigitReading.frame, .ink, .mask).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from core import config
from core.files import DamagedFileError, checksum, read_arrays, save_arrays
from core.models import DigitClassifier, ModelNotTrainedError, load_model
from core.reading.framing import MNIST_LAYOUT, framing_stages

# Occlusion: a square of OCCLUSION_PATCH pixels hidden at every OCCLUSION_STRIDE pixels,
# 13 x 13 = 169 frames in one call (about 25 ms for the CNN on 2 cores).
OCCLUSION_PATCH = 4
OCCLUSION_STRIDE = 2
NEIGHBOUR_NETWORK = "cnn"
NEIGHBOURS = 5
# What the probe can do to a digit, and how far (the amounts the page shows).
PROBE_AMOUNTS = {
    "rotate": (-45, -35, -25, -15, -5, 0, 5, 15, 25, 35, 45),  # degrees, anticlockwise
    "shift": (-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6),  # pixels, to the right
    "thicken": (0, 1, 2, 3),  # pixels of stroke added on each side
    "thin": (0, 1, 2),  # pixels of stroke taken off each side
    "erase": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),  # share of the rows hidden, from the top
}
PROBE_UNITS = {
    "rotate": "degrees",
    "shift": "pixels right",
    "thicken": "pixels",
    "thin": "pixels",
    "erase": "share erased from the top",
}

ModelLike = str | DigitClassifier
Progress = Callable[[float, str], None]


@functools.cache
def _loaded(name: str) -> DigitClassifier:
    return load_model(name)


def _model(model: ModelLike) -> DigitClassifier:
    return _loaded(model) if isinstance(model, str) else model


def _checked_frame(frame: np.ndarray) -> np.ndarray:
    frame = np.asarray(frame)
    side = config.IMAGE_SIDE
    if frame.shape != (side, side):
        raise ValueError(f"a frame is {side} x {side} pixels, not {frame.shape}")
    if frame.dtype == np.uint8:
        return frame.astype(np.float32) / 255.0
    return np.clip(frame.astype(np.float32), 0.0, 1.0)


def occlusion(frame: np.ndarray, model: ModelLike, digit: int | None = None) -> np.ndarray:
    """(28, 28) float: for each pixel, how much the probability of `digit` (by default the
    one the model reads) falls, on average, when a square around it is hidden. Positive
    where the ink supports the reading; negative where hiding it makes the reading likelier."""
    frame = _checked_frame(frame)
    classifier = _model(model)
    side, patch = config.IMAGE_SIDE, OCCLUSION_PATCH
    starts = range(0, side - patch + 1, OCCLUSION_STRIDE)
    corners = [(row, column) for row in starts for column in starts]
    hidden = np.repeat(frame[None], len(corners) + 1, axis=0)
    for index, (row, column) in enumerate(corners, start=1):
        hidden[index, row : row + patch, column : column + patch] = 0.0
    probabilities = classifier.predict_proba(hidden)  # the frame itself first, in the same call
    digit = int(probabilities[0].argmax()) if digit is None else int(digit)
    drops = probabilities[0, digit] - probabilities[1:, digit]
    total = np.zeros((side, side), np.float32)
    covered = np.zeros((side, side), np.float32)
    for drop, (row, column) in zip(drops, corners, strict=True):
        total[row : row + patch, column : column + patch] += drop
        covered[row : row + patch, column : column + patch] += 1
    return total / np.maximum(covered, 1)


def faithfulness(
    frames: np.ndarray, model: ModelLike = "cnn", share: float = 0.1, seed: int = 0
) -> tuple[float, float]:
    """Is occlusion faithful? For each frame, hide the `share` of its ink (pixels over
    0.2) that occlusion ranks most important, or the same number of ink pixels at random;
    returns the mean fall in the model's confidence in its reading, both ways."""
    classifier = _model(model)
    random = np.random.default_rng(seed)
    top_falls, random_falls = [], []
    for frame in frames:
        frame = _checked_frame(frame)
        heat = occlusion(frame, classifier)
        before = classifier.predict_proba(frame[None])[0]
        digit = before.argmax()
        ink = np.flatnonzero(frame.ravel() > 0.2)
        count = max(1, int(len(ink) * share))
        top = ink[np.argsort(-heat.ravel()[ink])[:count]]
        chosen = random.choice(ink, count, replace=False)
        after = classifier.predict_proba(np.stack([hide(frame, top), hide(frame, chosen)]))
        top_falls.append(before[digit] - after[0, digit])
        random_falls.append(before[digit] - after[1, digit])
    return float(np.mean(top_falls)), float(np.mean(random_falls))


def hide(frame: np.ndarray, pixels: np.ndarray) -> np.ndarray:
    """The frame with the given (flat) pixel positions set to blank."""
    hidden = _checked_frame(frame).copy().ravel()
    hidden[pixels] = 0.0
    return hidden.reshape(frame.shape)


# Nearest training digits ---------------------------------------------------------------


@dataclass(frozen=True)
class NeighbourIndex:
    """Every training image's features in the network's penultimate layer, unit length,
    so that nearest means most alike in what the network learned to look at."""

    features: np.ndarray  # float32 (60000, d), each row of length 1
    network: str

    def search(self, features: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        unit = features / max(float(np.linalg.norm(features)), 1e-12)
        # |a - b|^2 = 2 - 2 a.b for unit vectors: one matrix-vector product.
        similarity = self.features @ unit
        nearest = np.argpartition(-similarity, k)[:k]
        nearest = nearest[np.argsort(-similarity[nearest])]
        distances = np.sqrt(np.maximum(2.0 - 2.0 * similarity[nearest], 0.0))
        return nearest, distances.astype(np.float32)


def features_model(network: str = NEIGHBOUR_NETWORK):
    from core.models import artefact_path
    from core.models.onnx_serving import OnnxFeatures, features_path

    path = features_path(artefact_path(network))
    if not path.is_file():
        raise ModelNotTrainedError(
            f"{path.name} is missing: export it with `python -m core export-features --model {network}`."
        )
    return OnnxFeatures(path)


def _unit_rows(features: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    return (features / np.maximum(norms, 1e-12)).astype(np.float32)


def build_index(
    train_images: np.ndarray, network: str = NEIGHBOUR_NETWORK, progress: Progress | None = None
) -> NeighbourIndex:
    """The index of every training image, from the disk cache when there (the features
    file and the images must match), otherwise computed (about 20 s on 2 cores) and cached."""
    from core.models import artefact_path
    from core.models.onnx_serving import features_path

    features_file = features_path(artefact_path(network))
    if not features_file.is_file():
        features_model(network)  # raises, naming the command that exports it
    model_key = checksum(np.frombuffer(features_file.read_bytes(), np.uint8))
    cache = config.cache_dir("explain") / f"{network}-features-{model_key}-{checksum(train_images[::97])}.npz"
    if cache.is_file():
        try:
            stored = read_arrays(cache)["features"]
            if stored.shape[0] == len(train_images):
                return NeighbourIndex(stored, network)
        except (DamagedFileError, KeyError):
            pass  # only a cache: computed again below
    compute = features_model(network)
    chunk = 2_000
    parts = []
    for start in range(0, len(train_images), chunk):
        if progress:
            progress(start / len(train_images), "Finding every training digit's features (once)")
        parts.append(compute(train_images[start : start + chunk]))
    features = _unit_rows(np.concatenate(parts))
    save_arrays(cache, features=features)
    return NeighbourIndex(features, network)


@functools.cache
def default_index() -> NeighbourIndex:
    from core.data import load_mnist

    return build_index(load_mnist().train_images)


def neighbours(
    frame: np.ndarray, k: int = NEIGHBOURS, index: NeighbourIndex | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The `k` training digits most like the frame: (their indices into MNIST's training
    set, nearest first; their distances, 0 for the same features, at most 2)."""
    index = index or default_index()
    features = _features(index.network)(_checked_frame(frame)[None])[0]
    return index.search(features, k)


@functools.cache
def _features(network: str):
    return features_model(network)


# Framing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FramingStep:
    title: str
    image: np.ndarray  # float [0, 1], ink bright
    note: str


def framing_steps(ink: np.ndarray, mask: np.ndarray) -> list[FramingStep]:
    """The digit's ink through each step that makes it an MNIST frame."""
    stages = framing_stages(ink, mask, MNIST_LAYOUT)
    height, width = ink.shape
    return [
        FramingStep("cropped", stages.cropped, f"its own ink, {width} × {height} pixels"),
        FramingStep("stroke weight", stages.weighted, "strokes thickened or thinned to MNIST's weight"),
        FramingStep("20-pixel box", stages.boxed, "longer side scaled to 20 pixels, in a 28 × 28 frame"),
        FramingStep("centre of mass", stages.frame, "moved so that its ink's centre is the frame's centre"),
    ]


# Probes --------------------------------------------------------------------------------


def changed(frame: np.ndarray, change: str, amount: float) -> np.ndarray:
    """The frame rotated, shifted, thickened, thinned or partly erased by `amount`."""
    frame = _checked_frame(frame)
    side = config.IMAGE_SIDE
    if change == "rotate":
        rotation = cv2.getRotationMatrix2D(((side - 1) / 2, (side - 1) / 2), float(amount), 1.0)
        return cv2.warpAffine(frame, rotation, (side, side), flags=cv2.INTER_LINEAR)
    if change == "shift":
        translation = np.float32([[1, 0, amount], [0, 1, 0]])
        return cv2.warpAffine(frame, translation, (side, side), flags=cv2.INTER_LINEAR)
    if change in ("thicken", "thin"):
        radius = int(amount)
        if radius == 0:
            return frame
        disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
        return cv2.dilate(frame, disk) if change == "thicken" else cv2.erode(frame, disk)
    if change == "erase":
        erased = frame.copy()
        erased[: int(round(amount * side))] = 0.0
        return erased
    raise ValueError(f"unknown change {change!r}; one of {', '.join(PROBE_AMOUNTS)}")


@dataclass(frozen=True)
class ProbeRow:
    model: str
    amount: float
    read: int  # the digit the model reads after the change
    probability: float  # the probability it gives the digit read before any change


def probe(
    frame: np.ndarray,
    change: str,
    amounts: Sequence[float] | None = None,
    model_names: Sequence[ModelLike] = ("cnn",),
) -> list[ProbeRow]:
    """For each model and amount: what it reads once the frame is changed. One call per model."""
    amounts = PROBE_AMOUNTS[change] if amounts is None else amounts
    versions = np.stack([changed(frame, change, amount) for amount in amounts])
    original = _checked_frame(frame)[None]
    rows = []
    for model in model_names:
        classifier = _model(model)
        probabilities = classifier.predict_proba(np.concatenate([original, versions]))
        first = int(probabilities[0].argmax())
        name = model if isinstance(model, str) else classifier.spec.name
        rows += [
            ProbeRow(name, float(amount), int(row.argmax()), float(row[first]))
            for amount, row in zip(amounts, probabilities[1:], strict=True)
        ]
    return rows


def flip_points(rows: Sequence[ProbeRow], original: int) -> dict[str, tuple[float | None, float | None]]:
    """Per model, the smallest amounts either side of no change where its answer is no
    longer `original` (None: it holds over the whole range)."""
    flips: dict[str, tuple[float | None, float | None]] = {}
    for model in dict.fromkeys(row.model for row in rows):
        own = sorted((row for row in rows if row.model == model), key=lambda row: row.amount)
        below = [row.amount for row in own if row.amount < 0 and row.read != original]
        above = [row.amount for row in own if row.amount > 0 and row.read != original]
        flips[model] = (max(below) if below else None, min(above) if above else None)
    return flips


# The Why panel -------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    digit: int
    confidence: float
    heat: np.ndarray  # occlusion map
    neighbour_indices: np.ndarray
    neighbour_distances: np.ndarray
    steps: list[FramingStep]
    probes: dict[str, list[ProbeRow]]
    seconds: float

    @property
    def occluded_versions(self) -> int:
        return len(range(0, config.IMAGE_SIDE - OCCLUSION_PATCH + 1, OCCLUSION_STRIDE)) ** 2


def explain(
    frame: np.ndarray,
    ink: np.ndarray | None,
    mask: np.ndarray | None,
    model: ModelLike = "cnn",
    probe_models: Sequence[ModelLike] | None = None,
    index: NeighbourIndex | None = None,
) -> Explanation:
    """Everything the Why panel shows for one digit (the benchmark times this)."""
    started = time.perf_counter()
    classifier = _model(model)
    heat = occlusion(frame, classifier)
    probabilities = classifier.predict_proba(_checked_frame(frame)[None])[0]
    indices, distances = neighbours(frame, index=index)
    steps = framing_steps(ink, mask) if ink is not None and mask is not None else []
    probe_models = [classifier] if probe_models is None else probe_models
    probes = {change: probe(frame, change, model_names=probe_models) for change in PROBE_AMOUNTS}
    return Explanation(
        digit=int(probabilities.argmax()),
        confidence=float(probabilities.max()),
        heat=heat,
        neighbour_indices=indices,
        neighbour_distances=distances,
        steps=steps,
        probes=probes,
        seconds=time.perf_counter() - started,
    )
