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
    reference_height,
    resize_for_work,
    union_of,
)

LOW_CONFIDENCE = 0.8
ALTERNATIVES = 3
# Splitting is tried on pieces by their width / height: past SPLIT_ALWAYS_ASPECT always;
# past SPLIT_UNSURE_ASPECT when the whole reads below SURE_ENOUGH_WHOLE; past
# SPLIT_MIN_ASPECT only when the whole is unreadable. Half a digit often reads
# confidently as a 1, so a narrow, well-read piece is never cut.
SPLIT_MIN_ASPECT = 0.4
SPLIT_UNSURE_ASPECT = 0.75
SPLIT_ALWAYS_ASPECT = 1.2
SURE_ENOUGH_WHOLE = 0.97
UNREADABLE_WHOLE = 0.6
# A split must beat the whole by this much (geometric mean of the halves' confidences),
# and the halves must read clearly, unless the piece is too wide to be one digit.
SPLIT_MARGIN = 0.1
SPLIT_MIN_CONFIDENCE = 0.9
SPLIT_FORCED_ASPECT = 1.4
# Merging neighbours: close (gap under this share of a digit's height), together no wider
# than tall, and reading clearly better joined.
MERGE_GAP = 0.2
MERGE_ASPECT = 1.0
MERGE_MIN_CONFIDENCE = 0.9
MERGE_MARGIN = 0.05
FRAGMENT_HEIGHT = 0.6
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
    if aspect >= SPLIT_UNSURE_ASPECT:
        return confidence < SURE_ENOUGH_WHOLE
    # Narrow pieces (two touching 1s) only when the model cannot read them as one digit.
    return aspect >= SPLIT_MIN_ASPECT and confidence < UNREADABLE_WHOLE


@dataclass
class _Candidates:
    """The pieces read so far, each with its frame and the model's probabilities."""

    pieces: list[Piece]
    frames: np.ndarray
    probabilities: np.ndarray

    @classmethod
    def classify(cls, pieces: list[Piece], ink: np.ndarray, model: DigitClassifier) -> _Candidates:
        frames = _frames(pieces, ink)
        return cls(pieces, frames, model.predict_proba(frames))

    def take(self, start: int, stop: int) -> _Candidates:
        return _Candidates(self.pieces[start:stop], self.frames[start:stop], self.probabilities[start:stop])

    def confidence(self, index: int) -> float:
        return float(self.probabilities[index].max())

    def replace(self, replacements: dict[int, _Candidates], dropped: set[int] = frozenset()) -> _Candidates:
        """Swap pieces for what replaces them (merged or split), keeping everything else."""
        pieces, frames, probabilities = [], [], []
        for index in range(len(self.pieces)):
            if index in dropped:
                continue
            source, positions = (
                (replacements[index], range(len(replacements[index].pieces)))
                if (index in replacements)
                else (self, [index])
            )
            for position in positions:
                pieces.append(source.pieces[position])
                frames.append(source.frames[position])
                probabilities.append(source.probabilities[position])
        return _Candidates(pieces, np.stack(frames), np.stack(probabilities))


def merge_by_recognition(
    candidates: _Candidates, ink: np.ndarray, model: DigitClassifier, reference: float
) -> _Candidates:
    """Join neighbours that read clearly better as one digit (a 4 whose bar falls short
    of its upright, a stroke broken where the pen lifted). One model call."""
    lines = group_lines(candidates.pieces)
    index_of = {id(piece): index for index, piece in enumerate(candidates.pieces)}
    pairs = []
    for line in lines:
        for left, right in zip(line, line[1:], strict=False):
            union_width = max(left.right, right.right) - min(left.x, right.x)
            union_height = max(left.bottom, right.bottom) - min(left.y, right.y)
            gap = right.x - left.right
            if gap <= MERGE_GAP * reference and union_width <= MERGE_ASPECT * union_height:
                pairs.append((index_of[id(left)], index_of[id(right)]))
    if not pairs:
        return candidates
    unions = [union_of(candidates.pieces[a], candidates.pieces[b]) for a, b in pairs]
    merged = _Candidates.classify(unions, ink, model)
    replacements, dropped = {}, set()
    gains = []
    for position, (a, b) in enumerate(pairs):
        apart = np.sqrt(candidates.confidence(a) * candidates.confidence(b))
        together = merged.confidence(position)
        # Fragments (a stroke cut where the pen lifted) often read confidently as a 1 on
        # their own, so for them it is enough that the joined piece reads clearly.
        fragment = min(candidates.pieces[a].height, candidates.pieces[b].height) < FRAGMENT_HEIGHT * reference
        if together >= MERGE_MIN_CONFIDENCE and (fragment or together > apart + MERGE_MARGIN):
            gains.append((together - apart, position, a, b))
    for _, position, a, b in sorted(gains, reverse=True):
        if {a, b} & (set(replacements) | dropped):
            continue  # each piece joins at most one neighbour per round
        replacements[a] = _Candidates(
            [merged.pieces[position]],
            merged.frames[position : position + 1],
            merged.probabilities[position : position + 1],
        )
        dropped.add(b)
    return candidates.replace(replacements, dropped) if replacements else candidates


def split_touching(
    candidates: _Candidates, ink: np.ndarray, model: DigitClassifier, reference: float
) -> _Candidates:
    """Split pieces that read clearly better as two digits; one model call per round."""
    for _ in range(MAX_SPLIT_ROUNDS):
        suspects = [
            index
            for index, piece in enumerate(candidates.pieces)
            if _needs_split_check(piece, candidates.confidence(index), reference)
        ]
        cuts_by_piece = {index: candidate_cuts(candidates.pieces[index]) for index in suspects}
        cuts_by_piece = {index: cuts for index, cuts in cuts_by_piece.items() if cuts}
        if not cuts_by_piece:
            break
        halves = _Candidates.classify(
            [half for cuts in cuts_by_piece.values() for cut in cuts for half in cut], ink, model
        )
        replacements = {}
        offset = 0
        for index, cuts in cuts_by_piece.items():
            scores = halves.probabilities[offset : offset + 2 * len(cuts)].max(axis=1).reshape(-1, 2)
            pair_scores = np.sqrt(scores.prod(axis=1))
            best = int(pair_scores.argmax())
            whole = candidates.confidence(index)
            piece = candidates.pieces[index]
            too_wide = piece.width / max(piece.height, 0.6 * reference) >= SPLIT_FORCED_ASPECT
            score = float(pair_scores[best])
            clearly_better = score >= SPLIT_MIN_CONFIDENCE and score > whole + SPLIT_MARGIN
            if clearly_better or (too_wide and score > 0.5):
                first = offset + 2 * best
                replacements[index] = halves.take(first, first + 2)
            offset += 2 * len(cuts)
        if not replacements:
            break
        candidates = candidates.replace(replacements)
    return candidates


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

    reference = reference_height([piece.height for piece in pieces], [piece.area for piece in pieces])
    candidates = _Candidates.classify(pieces, ink.ink, classifier)
    candidates = merge_by_recognition(candidates, ink.ink, classifier, reference)
    candidates = split_touching(candidates, ink.ink, classifier, reference)
    pieces, frames, probabilities = candidates.pieces, candidates.frames, candidates.probabilities
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
