"""read_number(image) -> Reading: which digits an image holds, where, and how sure we are.

The public API of the predictor. Steps: load any image (core/image_input.py),
segment it (core/segment.py), turn each piece into an MNIST frame
(core/preprocess.py), classify all frames in one batch, then try to split the
pieces that look like touching digits. Splitting is recognition-driven: every
candidate cut of every suspect piece is classified in one more batch, and a cut
is kept only when both halves read clearly better than the whole.

The default model is the CNN served by onnxruntime: nothing here imports TensorFlow.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.image_input import ImageSource, load_rgba
from core.models import DigitClassifier, load_model
from core.preprocess import to_mnist_frame
from core.segment import (
    Piece,
    binarize,
    find_pieces,
    group_lines,
    ink_map,
    merge_fragments,
    resize_for_work,
)

LOW_CONFIDENCE = 0.8
ALTERNATIVES = 3
# Splitting: pieces at least this wide (width / height) are tried when unsure ...
SPLIT_MIN_ASPECT = 0.45
# ... or always, past this width, whatever the model says of the whole.
SPLIT_ALWAYS_ASPECT = 0.95
SURE_ENOUGH_WHOLE = 0.97
# A split must beat the whole by this much (geometric mean of the halves' confidences).
SPLIT_MARGIN = 0.1
SPLIT_SLOPES = (0.0, -0.3, 0.3)
MAX_SPLIT_ROUNDS = 3
NO_DIGITS = "No digits found. Draw or photograph a number with clear, dark strokes."


@dataclass(frozen=True)
class DigitBox:
    """Where a digit is, in pixels of the input image."""

    x: int
    y: int
    width: int
    height: int

    def as_list(self) -> list[int]:
        return [self.x, self.y, self.width, self.height]


@dataclass(frozen=True)
class DigitReading:
    digit: int
    confidence: float
    alternatives: tuple[tuple[int, float], ...]  # top 3 (digit, probability), best first
    box: DigitBox
    frame: np.ndarray = field(repr=False)  # float32 (28, 28): what the model saw
    line: int = 0
    low_confidence: bool = False


@dataclass(frozen=True)
class Reading:
    digits: tuple[DigitReading, ...]
    lines: tuple[str, ...]
    model: str
    image_size: tuple[int, int]  # (width, height) of the input
    message: str | None = None  # why nothing was read, when nothing was

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def low_confidence_digits(self) -> list[DigitReading]:
        return [digit for digit in self.digits if digit.low_confidence]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `python -m core read --json` (without the path and error)."""
        return {
            "text": self.text,
            "lines": list(self.lines),
            "digits": [
                {
                    "digit": digit.digit,
                    "confidence": round(digit.confidence, 4),
                    "box": digit.box.as_list(),
                    "alternatives": [[alternative, round(p, 4)] for alternative, p in digit.alternatives],
                    "line": digit.line,
                    "low_confidence": digit.low_confidence,
                }
                for digit in self.digits
            ],
            "message": self.message,
        }


@functools.lru_cache(maxsize=8)
def _cached_model(name: str) -> DigitClassifier:
    return load_model(name)


def _frames(pieces: list[Piece], ink: np.ndarray) -> np.ndarray:
    return np.stack([to_mnist_frame(ink[p.y : p.bottom, p.x : p.right], p.mask) for p in pieces]).astype(
        np.float32
    )


def _crop(piece: Piece, mask: np.ndarray) -> Piece | None:
    rows = np.flatnonzero(mask.any(axis=1))
    columns = np.flatnonzero(mask.any(axis=0))
    if len(rows) == 0:
        return None
    top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
    return Piece(
        piece.x + int(left),
        piece.y + int(top),
        int(right - left),
        int(bottom - top),
        mask[top:bottom, left:right],
    )


def candidate_cuts(piece: Piece) -> list[tuple[Piece, Piece]]:
    """Ways to cut a piece in two: at the thinnest columns, straight or slanted."""
    height, width = piece.mask.shape
    profile = piece.mask.sum(axis=0).astype(np.float32)
    profile = np.convolve(profile, np.ones(3) / 3, mode="same")
    low, high = int(0.2 * width), int(0.8 * width)
    if high - low < 2:
        return []
    interior = np.arange(low, high)
    # The thinnest columns, then the centre, at most four positions a few pixels apart.
    positions: list[int] = []
    for column in [*interior[np.argsort(profile[low:high], kind="stable")], width // 2]:
        if all(abs(int(column) - chosen) > max(2, width // 12) for chosen in positions):
            positions.append(int(column))
        if len(positions) == 4:
            break
    rows = np.arange(height)[:, None]
    columns = np.arange(width)[None, :]
    cuts = []
    for position in positions:
        for slope in SPLIT_SLOPES:
            left_side = columns < position + slope * (rows - height / 2)
            left = _crop(piece, piece.mask & left_side)
            right = _crop(piece, piece.mask & ~left_side)
            if left is None or right is None:
                continue
            if min(left.area, right.area) < 0.12 * piece.area:
                continue
            cuts.append((left, right))
    return cuts


def _needs_split_check(piece: Piece, confidence: float, reference: float) -> bool:
    aspect = piece.width / max(piece.height, 0.6 * reference)
    if aspect >= SPLIT_ALWAYS_ASPECT:
        return True
    return aspect >= SPLIT_MIN_ASPECT and confidence < SURE_ENOUGH_WHOLE


def split_touching(
    pieces: list[Piece], ink: np.ndarray, model: DigitClassifier
) -> tuple[list[Piece], np.ndarray, np.ndarray]:
    """Split the pieces that read better as two digits. Returns pieces, frames, probabilities.

    Each round is one model call: the frames of every candidate cut of every suspect piece.
    """
    frames = _frames(pieces, ink)
    probabilities = model.predict_proba(frames)
    reference = float(np.median([piece.height for piece in pieces]))
    for _ in range(MAX_SPLIT_ROUNDS):
        suspects = [
            index
            for index, piece in enumerate(pieces)
            if _needs_split_check(piece, float(probabilities[index].max()), reference)
        ]
        cuts_by_piece = {index: candidate_cuts(pieces[index]) for index in suspects}
        halves = [half for cuts in cuts_by_piece.values() for cut in cuts for half in cut]
        if not halves:
            break
        half_probabilities = model.predict_proba(_frames(halves, ink))
        replacements: dict[int, list[tuple[Piece, np.ndarray, np.ndarray]]] = {}
        offset = 0
        for index, cuts in cuts_by_piece.items():
            if not cuts:
                continue
            scores = half_probabilities[offset : offset + 2 * len(cuts)].max(axis=1).reshape(-1, 2)
            best = int(np.sqrt(scores.prod(axis=1)).argmax())
            best_score = float(np.sqrt(scores[best].prod()))
            whole = float(probabilities[index].max())
            aspect = pieces[index].width / max(pieces[index].height, 0.6 * reference)
            wide = aspect >= 1.4  # too wide for one digit: split unless the halves are junk
            if best_score > whole + SPLIT_MARGIN or (wide and best_score > 0.5):
                first = offset + 2 * best
                replacements[index] = [
                    (cuts[best][side], half_probabilities[first + side], None) for side in (0, 1)
                ]
            offset += 2 * len(cuts)
        if not replacements:
            break
        new_pieces, new_probabilities, new_frames = [], [], []
        half_frames = None
        for index, piece in enumerate(pieces):
            if index in replacements:
                for half, half_probability, _ in replacements[index]:
                    new_pieces.append(half)
                    new_probabilities.append(half_probability)
                    new_frames.append(None)
            else:
                new_pieces.append(piece)
                new_probabilities.append(probabilities[index])
                new_frames.append(frames[index])
        missing = [index for index, frame in enumerate(new_frames) if frame is None]
        half_frames = _frames([new_pieces[index] for index in missing], ink)
        for position, index in enumerate(missing):
            new_frames[index] = half_frames[position]
        pieces, frames, probabilities = new_pieces, np.stack(new_frames), np.stack(new_probabilities)
    return pieces, frames, probabilities


def read_number(image: ImageSource, model: str | DigitClassifier = "cnn") -> Reading:
    """Read the handwritten number in `image` (array, PIL image, file bytes or path).

    Raises core.image_input.ImageInputError for what is not a readable image, and
    core.segment.SegmentationError for an image that cannot hold a number (hundreds
    of marks). A blank image gives an empty Reading whose message says so.
    """
    classifier = _cached_model(model) if isinstance(model, str) else model
    model_name = model if isinstance(model, str) else classifier.spec.name
    rgba = load_rgba(image)
    image_size = (rgba.shape[1], rgba.shape[0])
    working, scale = resize_for_work(rgba)
    ink = ink_map(working)
    pieces = merge_fragments(find_pieces(binarize(ink)))
    if not pieces:
        return Reading(digits=(), lines=(), model=model_name, image_size=image_size, message=NO_DIGITS)

    pieces, frames, probabilities = split_touching(pieces, ink.ink, classifier)
    by_identity = {id(piece): index for index, piece in enumerate(pieces)}
    digits, lines = [], []
    for line_number, line in enumerate(group_lines(pieces)):
        text = ""
        for piece in line:
            index = by_identity[id(piece)]
            ranking = np.argsort(-probabilities[index])[:ALTERNATIVES]
            confidence = float(probabilities[index][ranking[0]])
            digits.append(
                DigitReading(
                    digit=int(ranking[0]),
                    confidence=confidence,
                    alternatives=tuple((int(d), float(probabilities[index][d])) for d in ranking),
                    box=_to_input_pixels(piece, scale, image_size),
                    frame=frames[index],
                    line=line_number,
                    low_confidence=confidence < LOW_CONFIDENCE,
                )
            )
            text += str(int(ranking[0]))
        lines.append(text)
    return Reading(digits=tuple(digits), lines=tuple(lines), model=model_name, image_size=image_size)


def _to_input_pixels(piece: Piece, scale: float, image_size: tuple[int, int]) -> DigitBox:
    x, y = int(piece.x / scale), int(piece.y / scale)
    right = min(image_size[0], int(np.ceil(piece.right / scale)))
    bottom = min(image_size[1], int(np.ceil(piece.bottom / scale)))
    return DigitBox(x, y, right - x, bottom - y)
