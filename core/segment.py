"""Finding the digits in an image: ink map, binary mask, components, merges, lines.

Steps, each a small function:
1. `ink_map`: RGBA -> floats in [0, 1], 1 = ink. Three cases, detected, not assumed:
   a transparent canvas (the alpha channel carries the strokes, whatever their
   colour); a flat canvas of any colour (distance from the background colour, so
   red on green works too); a photo or scan (distance from a smoothly varying
   paper estimate, which absorbs shadows and uneven light; polarity from which
   side of the range most pixels sit on).
2. `binarize`: the mask of inked pixels.
3. `find_pieces`: connected components (8-connected, so the holes of 0, 6, 8 and 9
   are part of their digit, never digits of their own), minus specks.
4. `merge_fragments`: pieces of one digit drawn in several strokes (a 4, a 5, a
   dotted 1) joined when one sits over or inside the other's columns.
5. `group_lines`: pieces into lines by vertical overlap, lines top to bottom,
   digits left to right.
Splitting touching digits needs the classifier, so it lives in core/reader.py.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import cv2
import numpy as np

# Images are processed with their longer side at most this long; boxes are mapped back.
WORKING_MAX_SIDE = 1200
# Below this difference (0..255) from the background there is no ink: a blank image.
MINIMUM_CONTRAST = 24
# A canvas: at least this share of pixels within FLAT_TOLERANCE of the background colour.
FLAT_SHARE = 0.5
FLAT_TOLERANCE = 12
CANVAS_THRESHOLD = 0.3
# Components smaller than this (pixels, at working scale) are dust.
MINIMUM_AREA = 6
# A speck: both sides under this fraction of the typical digit height.
SPECK_FRACTION = 0.22
MAX_PIECES = 150
# Two marks one above the other at most this share of the taller one's height apart.
PEN_LIFT_GAP = 0.12
# ... or sharing at most this share of the shorter one's rows (a slanted cut).
PEN_LIFT_OVERLAP = 0.3
# A piece belongs to a line holding at least this share of its height.
LINE_SHARE = 0.3


class SegmentationError(ValueError):
    """The image cannot be a handwritten number; the message says why and what to do."""


@dataclass(frozen=True)
class Piece:
    """A candidate digit: its box at working scale and which pixels of the box are its ink."""

    x: int
    y: int
    width: int
    height: int
    mask: np.ndarray  # bool (height, width)

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def area(self) -> int:
        return int(self.mask.sum())

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2


def working_scale(shape: tuple[int, ...]) -> float:
    """Factor (<= 1) that brings the longer side down to WORKING_MAX_SIDE."""
    return min(1.0, WORKING_MAX_SIDE / max(shape[:2]))


def resize_for_work(rgba: np.ndarray) -> tuple[np.ndarray, float]:
    scale = working_scale(rgba.shape)
    if scale == 1.0:
        return rgba, 1.0
    size = (max(1, round(rgba.shape[1] * scale)), max(1, round(rgba.shape[0] * scale)))
    # Area averaging where a big photo shrinks a lot (no aliasing); bilinear for a mild
    # shrink, where it looks the same and costs a seventh (2 ms for a 1500-pixel canvas).
    interpolation = cv2.INTER_AREA if scale < 0.5 else cv2.INTER_LINEAR
    return cv2.resize(rgba, size, interpolation=interpolation), scale


def _border_pixels(image: np.ndarray) -> np.ndarray:
    thickness = max(1, min(image.shape[:2]) // 50)
    return np.concatenate(
        [
            image[:thickness].reshape(-1, *image.shape[2:]),
            image[-thickness:].reshape(-1, *image.shape[2:]),
            image[:, :thickness].reshape(-1, *image.shape[2:]),
            image[:, -thickness:].reshape(-1, *image.shape[2:]),
        ]
    )


@dataclass(frozen=True)
class InkMap:
    ink: np.ndarray  # float32 (H, W) in [0, 1]
    kind: str  # "transparent canvas", "canvas" or "photo"
    blank: bool


def ink_map(rgba: np.ndarray) -> InkMap:
    """Where the ink is, as floats in [0, 1], whatever the colours and the lighting."""
    alpha = cv2.extractChannel(rgba, 3)  # contiguous copies through OpenCV: several times faster
    if cv2.countNonZero((alpha < 128).view(np.uint8)) * 2 > alpha.size:
        # A transparent canvas: strokes are wherever paint is, in any colour (black
        # ink on transparent turns all-black under a naive grey conversion).
        ink = alpha.astype(np.float32) / 255.0
        return InkMap(ink, "transparent canvas", blank=int(alpha.max()) < MINIMUM_CONTRAST)

    colour = cv2.cvtColor(rgba, cv2.COLOR_RGBA2RGB)
    if alpha.min() < 255:  # partly transparent: composite over the background colour
        background = np.median(_border_pixels(colour), axis=0)
        weight = alpha[..., None].astype(np.float32) / 255.0
        colour = np.round(colour * weight + background * (1 - weight)).astype(np.uint8)
    background = np.median(_border_pixels(colour), axis=0)
    # Largest per-channel difference from the background colour, in uint8 arithmetic.
    channels = cv2.split(cv2.absdiff(colour, (*background.tolist(), 0.0)))
    distance = cv2.max(cv2.max(channels[0], channels[1]), channels[2])
    # A drawn canvas has an exactly uniform background; a photo's varies a little everywhere.
    # (Two counts: a histogram of the whole image costs ten times as much.)
    if _share_at_most(distance, FLAT_TOLERANCE) >= FLAT_SHARE and _share_at_most(distance, 2) >= 0.25:
        contrast = int(cv2.minMaxLoc(distance)[1])
        if contrast < MINIMUM_CONTRAST:
            return InkMap(np.zeros(distance.shape, np.float32), "canvas", blank=True)
        ink = np.multiply(distance, np.float32(1.0 / contrast), dtype=np.float32)  # one pass
        return InkMap(ink, "canvas", blank=False)
    return _photo_ink(colour)


def _share_at_most(values: np.ndarray, level: int) -> float:
    """Share of the uint8 `values` that are <= level."""
    return np.count_nonzero(values <= level) / values.size


def _photo_ink(colour: np.ndarray) -> InkMap:
    grey = cv2.cvtColor(colour, cv2.COLOR_RGB2GRAY)
    low, median, high = np.percentile(grey, [1, 50, 99])
    light_paper = median >= (low + high) / 2
    # Estimate the paper at low resolution with a window wider than any stroke:
    # closing removes dark strokes (opening removes light ones), a blur smooths it.
    small_scale = min(1.0, 300 / max(grey.shape))
    small = cv2.resize(grey, None, fx=small_scale, fy=small_scale, interpolation=cv2.INTER_AREA)
    window = max(3, int(round(min(small.shape) * 0.4)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (window, window))
    operation = cv2.MORPH_CLOSE if light_paper else cv2.MORPH_OPEN
    paper = cv2.morphologyEx(small, operation, kernel)
    paper = cv2.GaussianBlur(paper, (0, 0), window / 4)
    paper = cv2.resize(paper, grey.shape[::-1], interpolation=cv2.INTER_LINEAR).astype(np.float32)
    difference = (paper - grey) if light_paper else (grey - paper)
    difference = np.clip(difference, 0, None)
    contrast = float(np.percentile(difference, 99.9))
    if contrast < MINIMUM_CONTRAST:
        return InkMap(np.zeros(grey.shape, np.float32), "photo", blank=True)
    return InkMap(np.clip(difference / contrast, 0, 1).astype(np.float32), "photo", blank=False)


def binarize(ink: InkMap) -> np.ndarray:
    """uint8 mask (0 or 1) of inked pixels."""
    if ink.blank:
        return np.zeros(ink.ink.shape, np.uint8)
    if ink.kind != "photo":
        return (ink.ink >= CANVAS_THRESHOLD).astype(np.uint8)
    # Photos: Otsu's threshold on the ink map, kept above the noise floor.
    levels = np.round(ink.ink * 255).astype(np.uint8)
    otsu, _ = cv2.threshold(levels, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    threshold = max(otsu / 255.0, 0.3)
    mask = (ink.ink >= threshold).astype(np.uint8)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def find_pieces(mask: np.ndarray) -> list[Piece]:
    """Connected components of the mask, without dust and specks."""
    # Labelling only the inked box: a canvas is mostly margin (half the pixels or more).
    left, top, _, _ = box = cv2.boundingRect(mask)
    if box[2] == 0:
        return []
    inked = mask[top : top + box[3], left : left + box[2]]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(inked, connectivity=8)
    # Dust goes before any per-component Python work: a noisy photo has hundreds of it.
    kept = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] >= MINIMUM_AREA) + 1
    if len(kept) == 0:
        return []
    if len(kept) > 4 * MAX_PIECES:
        raise SegmentationError(_too_many(len(kept)))
    boxes = stats[kept]
    reference = reference_height(boxes[:, cv2.CC_STAT_HEIGHT].tolist(), boxes[:, cv2.CC_STAT_AREA].tolist())
    pieces = []
    for label, (x, y, width, height, _) in zip(kept.tolist(), boxes.tolist(), strict=True):
        if max(width, height) < SPECK_FRACTION * reference:
            continue
        own = labels[y : y + height, x : x + width] == label
        pieces.append(Piece(left + x, top + y, width, height, own))
    if len(pieces) > MAX_PIECES:
        raise SegmentationError(_too_many(len(pieces)))
    return pieces


def _too_many(count: int) -> str:
    return (
        f"The image holds {count} separate marks, too many to be a handwritten number. "
        "Clear the canvas and write the digits larger, or crop the photo to the number."
    )


def reference_height(heights: list[int], areas: list[int]) -> float:
    """The height of a typical full digit: the median height of the marks that are
    substantial (by area) and at least half as tall as the tallest, so fragments
    and strokes of a broken digit do not drag it down."""
    largest_area, tallest = max(areas), max(heights)
    full_digits = [
        height
        for height, area in zip(heights, areas, strict=True)
        if area >= 0.2 * largest_area and height >= 0.5 * tallest
    ]
    return float(statistics.median(full_digits))  # a few values: numpy's median costs 50x more


def union_of(first: Piece, second: Piece) -> Piece:
    x, y = min(first.x, second.x), min(first.y, second.y)
    right, bottom = max(first.right, second.right), max(first.bottom, second.bottom)
    mask = np.zeros((bottom - y, right - x), bool)
    for piece in (first, second):
        mask[piece.y - y : piece.bottom - y, piece.x - x : piece.right - x] |= piece.mask
    return Piece(x, y, right - x, bottom - y, mask)


def _overlap(start_a: int, end_a: int, start_b: int, end_b: int) -> int:
    return max(0, min(end_a, end_b) - max(start_a, start_b))


def should_merge(first: Piece, second: Piece, reference: float) -> bool:
    """Are these two strokes of one digit? One must sit over or inside the other's columns,
    and together they must still be digit-sized."""
    union_height = max(first.bottom, second.bottom) - min(first.y, second.y)
    union_width = max(first.right, second.right) - min(first.x, second.x)
    narrower = min(first.width, second.width)
    shorter = min(first.height, second.height)
    columns_shared = _overlap(first.x, first.right, second.x, second.right)
    rows_shared = _overlap(first.y, first.bottom, second.y, second.bottom)
    vertical_gap = max(first.y, second.y) - min(first.bottom, second.bottom)
    # A digit cut across where the pen lifted: halves one above the other, a hairline
    # apart, sharing columns. When every mark of the image is such a half, the reference
    # height is a half's, so this is judged against the halves themselves.
    if (
        # A slanted cut leaves the halves sharing a few rows: a slightly negative gap.
        -PEN_LIFT_OVERLAP * shorter <= vertical_gap <= PEN_LIFT_GAP * max(first.height, second.height)
        and columns_shared >= 0.5 * narrower
        and union_width <= 1.1 * union_height
        and union_height <= 2.2 * reference
    ):
        return True
    if union_height > 1.35 * reference or union_width > 1.1 * max(reference, union_height):
        return False
    smaller, larger = sorted((first, second), key=lambda piece: piece.area)
    fragment = smaller.area < 0.35 * larger.area or smaller.height < 0.5 * reference
    if columns_shared >= 0.7 * narrower and fragment:
        return True  # a bar or a dot inside the other stroke's columns: a 4, a 5, a 7
    stacked = rows_shared <= 0.3 * shorter and vertical_gap <= 0.3 * reference
    return stacked and columns_shared >= 0.3 * narrower  # one above the other: a pen-lifted 1, 8, 5


def merge_fragments(pieces: list[Piece]) -> list[Piece]:
    """Join the strokes of digits drawn in several parts, until nothing more joins."""
    if len(pieces) < 2:
        return pieces
    reference = reference_height([piece.height for piece in pieces], [piece.area for piece in pieces])
    pieces = sorted(pieces, key=lambda piece: piece.x)
    merged = True
    while merged:
        merged = False
        for first_index in range(len(pieces)):
            for second_index in range(first_index + 1, len(pieces)):
                if should_merge(pieces[first_index], pieces[second_index], reference):
                    union = union_of(pieces[first_index], pieces[second_index])
                    pieces = [
                        piece
                        for index, piece in enumerate(pieces)
                        if index not in (first_index, second_index)
                    ] + [union]
                    pieces.sort(key=lambda piece: piece.x)
                    merged = True
                    break
            if merged:
                break
    return pieces


def group_lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Lines top to bottom, each read left to right.

    A piece joins the line that holds a good part of its height (the tallest pieces
    anchor the lines), the line widening to follow it; lines that end up sharing
    rows are one line. A wavy baseline, a slanted or a small digit stays on its line.
    """
    lines: list[dict] = []
    for piece in sorted(pieces, key=lambda piece: -piece.height):
        best_line, best_share = None, 0.0
        for line in lines:
            shared = _overlap(piece.y, piece.bottom, line["top"], line["bottom"])
            share = shared / min(piece.height, line["bottom"] - line["top"])
            if share > best_share:
                best_line, best_share = line, share
        if best_line is not None and best_share >= LINE_SHARE:
            best_line["pieces"].append(piece)
            best_line["top"] = min(best_line["top"], piece.y)
            best_line["bottom"] = max(best_line["bottom"], piece.bottom)
        else:
            lines.append({"top": piece.y, "bottom": piece.bottom, "pieces": [piece]})
    lines = _join_overlapping_lines(lines)
    lines.sort(key=lambda line: np.median([piece.centre_y for piece in line["pieces"]]))
    return [sorted(line["pieces"], key=lambda piece: piece.x + piece.width / 2) for line in lines]


def _join_overlapping_lines(lines: list[dict]) -> list[dict]:
    joined = True
    while joined:
        joined = False
        for first in range(len(lines)):
            for second in range(first + 1, len(lines)):
                a, b = lines[first], lines[second]
                shared = _overlap(a["top"], a["bottom"], b["top"], b["bottom"])
                if shared >= LINE_SHARE * min(a["bottom"] - a["top"], b["bottom"] - b["top"]):
                    a["pieces"] += b["pieces"]
                    a["top"], a["bottom"] = min(a["top"], b["top"]), max(a["bottom"], b["bottom"])
                    del lines[second]
                    joined = True
                    break
            if joined:
                break
    return lines
