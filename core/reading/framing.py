"""One piece of ink -> the 28x28 frame an MNIST model expects.

MNIST's recipe (LeCun et al.): the digit's box is scaled, keeping its aspect
ratio, so that its longer side is 20 pixels, anti-aliased, placed in a 28x28
frame and shifted so that its centre of mass sits at the centre. We follow it,
starting from the grey ink map (not the binary mask), and first bring the stroke
to MNIST's weight: a 3-pixel mouse line on a 300-pixel digit would otherwise
shrink to a faint hairline, and a marker stroke to a blob.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from core import config

DIGIT_BOX_SIDE = 20
FRAME_SIDE = config.IMAGE_SIDE
# Median stroke width of MNIST digits in their 28x28 frame, measured as
# 2 * area / perimeter of the pixels >= 128 over 2,000 test digits: 2.25 px.
MNIST_STROKE_WIDTH = 2.25
# After shrinking, ink above FAINT_INK is stroke; its STRONG_INK_PERCENTILE level is
# brought back to full strength.
FAINT_INK = 0.05
STRONG_INK_PERCENTILE = 90
# Strokes within this factor of MNIST's weight are left alone.
STROKE_TOLERANCE = 1.3


def stroke_width(mask: np.ndarray) -> float:
    """Typical stroke width in pixels: 2 * area / perimeter (exact for long thin strokes)."""
    mask = mask.astype(np.uint8)
    area = int(mask.sum())
    if area == 0:
        return 0.0
    contours, _ = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(contour, closed=True) for contour in contours)
    # A contour through isolated pixels or a 1-pixel line has (almost) no length; every
    # edge pixel is still perimeter, so a hairline is judged thin, never thick.
    edge_pixels = area - int(cv2.countNonZero(cv2.erode(mask, np.ones((3, 3), np.uint8))))
    return 2.0 * area / max(perimeter, edge_pixels, 1.0)


def disk(radius: int) -> np.ndarray:
    """A round structuring element `radius` pixels out from its centre (the reader's pens)."""
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def normalise_stroke(ink: np.ndarray, mask: np.ndarray, scale: float | None = None) -> np.ndarray:
    """Thicken or thin the grey ink so that, once scaled into the frame by `scale`
    (MNIST's: its 20-pixel box over the longer side), strokes match MNIST."""
    scale = scale or DIGIT_BOX_SIDE / max(mask.shape)
    target = MNIST_STROKE_WIDTH / scale  # the wanted width at this resolution
    current = stroke_width(mask)
    if current == 0.0 or 1 / STROKE_TOLERANCE <= current / target <= STROKE_TOLERANCE:
        return ink
    radius = int(round(abs(target - current) / 2))
    if radius == 0:
        return ink
    if current < target:
        radius = _radius_keeping_loops(mask, radius)
        if radius == 0:
            return ink
        # Pad first so that thickening can spill past the box edge without being cut.
        padded = cv2.copyMakeBorder(ink, radius, radius, radius, radius, cv2.BORDER_CONSTANT, value=0)
        return cv2.dilate(padded, disk(radius))
    # Thin, but never below one pixel of stroke at this resolution.
    radius = min(radius, max(int(current / 2) - 1, 0))
    return cv2.erode(ink, disk(radius)) if radius else ink


# A hole (the loop of a 6, 8, 9 or 0) at least this share of the digit's height across
# is kept open when a thin stroke is thickened: at most half its inner radius is filled.
HOLE_SHARE = 0.08


def _radius_keeping_loops(mask: np.ndarray, radius: int) -> int:
    """`radius`, or less where thickening that much would close one of the digit's loops:
    a fine pen's small loop closes under MNIST's stroke weight, and a 6 whose loop is a
    blot reads as a 1."""
    background = cv2.copyMakeBorder(
        (~mask.astype(bool)).view(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=1
    )
    count, labels = cv2.connectedComponents(background, connectivity=4)
    holes = (labels != labels[0, 0]) & (background > 0)  # background the ink encloses
    if not holes.any():
        return radius
    inner = cv2.distanceTransform(holes.view(np.uint8), cv2.DIST_L2, 3)
    depths = np.zeros(count, np.float32)  # each hole's inner radius
    np.maximum.at(depths, labels[holes], inner[holes])
    loops = depths[2 * depths >= HOLE_SHARE * mask.shape[0]]
    return min(radius, int(loops.min() / 2)) if loops.size else radius


def levelled(ink: np.ndarray, mask: np.ndarray, slope: float) -> tuple[np.ndarray, np.ndarray]:
    """A digit of writing that runs at `slope` (rows down per column across) turned by the
    same angle back to level: its own ink (a neighbour's reaching into the box left out)
    and mask, cropped to it; level writing comes back as it is. A page photographed at an
    angle turns every digit with it, and MNIST's digits stand upright."""
    _require_same_shape(ink, mask)
    if not slope:
        return ink, mask
    height, width = mask.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), float(np.degrees(np.arctan(slope))), 1.0)
    # An output large enough for the turned box, the box at its centre.
    sine, cosine = abs(turn[0, 1]), abs(turn[0, 0])
    turned = (
        int(np.ceil(height * sine + width * cosine)) + 2,
        int(np.ceil(height * cosine + width * sine)) + 2,
    )
    turn[:, 2] += (turned[0] - width) / 2, (turned[1] - height) / 2
    mask, own = _masked_ink(ink, mask)  # its anti-aliased edge turns with it
    turned_ink = cv2.warpAffine(own, turn, turned, flags=cv2.INTER_LINEAR)
    turned_mask = cv2.warpAffine(mask.astype(np.float32), turn, turned, flags=cv2.INTER_LINEAR) >= 0.5
    x, y, box_width, box_height = cv2.boundingRect(turned_mask.view(np.uint8))
    if box_width == 0:  # a mask of a pixel or two can turn into nothing: keep it as it was
        return ink, mask.astype(bool)
    return (
        turned_ink[y : y + box_height, x : x + box_width],
        turned_mask[y : y + box_height, x : x + box_width],
    )


def _masked_ink(ink: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mask as uint8, and the float ink within a pixel of it (its anti-aliased edge),
    zero elsewhere: a neighbour's ink reaching into the box is left out."""
    mask = mask.view(np.uint8) if mask.dtype == bool else mask.astype(np.uint8)
    return mask, cv2.copyTo(ink.astype(np.float32, copy=False), cv2.dilate(mask, disk(1)))


def _trim(ink: np.ndarray, threshold: float = 0.05) -> np.ndarray:
    x, y, width, height = cv2.boundingRect((ink > threshold).view(np.uint8))
    return ink[y : y + height, x : x + width]


@dataclass(frozen=True)
class FrameLayout:
    """Where a candidate goes: scaled to fit `box` (height, width), keeping its aspect,
    into a `frame` (height, width), its centre of mass at the frame's centre."""

    box: tuple[int, int]
    frame: tuple[int, int]

    def scale(self, shape: tuple[int, ...]) -> float:
        return min(self.box[0] / shape[0], self.box[1] / shape[1])


# MNIST's own: the longer side 20 pixels, in 28 x 28.
MNIST_LAYOUT = FrameLayout(box=(DIGIT_BOX_SIDE, DIGIT_BOX_SIDE), frame=(FRAME_SIDE, FRAME_SIDE))
# The verifier's: 20 pixels tall, up to 52 wide, in 28 x 56. Two narrow digits side by
# side keep their full height and their holes, where MNIST's frame squeezes them to a
# 20-pixel width and they blur into one shape.
WIDE_LAYOUT = FrameLayout(box=(DIGIT_BOX_SIDE, 52), frame=(FRAME_SIDE, 2 * FRAME_SIDE))


# The sequence reader's (core/reading/sequence.py): a run of touching digits 20 pixels
# tall, up to 152 wide (seven or eight digits of MNIST's width), in 28 x 160, centred
# as a box and not by its centre of mass, so that its columns map back to the piece's.
RUN_LAYOUT = FrameLayout(box=(DIGIT_BOX_SIDE, 152), frame=(FRAME_SIDE, 160))


def to_run_frame(ink: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A run of digits (grey ink and its mask) -> float32 frame of RUN_LAYOUT's shape,
    at MNIST's stroke weight, its box in the frame's middle, its peak 1."""
    _require_same_shape(ink, mask)
    _, digit = _weighted_ink(ink, mask, _stroke_scales(mask.shape, RUN_LAYOUT))
    return _peak_one(_placed(digit, RUN_LAYOUT)[0])


def _peak_one(frame: np.ndarray) -> np.ndarray:
    peak = frame.max()
    return frame / peak if peak > 0 else frame


def to_mnist_frame(ink: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Grey ink (h, w) floats in [0, 1] of one digit, and its mask -> float32 (28, 28) frame.

    `mask` says which pixels of the box belong to this digit (a neighbour's ink can
    reach into the box); it is widened by a pixel to keep the anti-aliased edge.
    """
    return to_frame(ink, mask, MNIST_LAYOUT)


def to_frame(ink: np.ndarray, mask: np.ndarray, layout: FrameLayout) -> np.ndarray:
    """`to_mnist_frame` for any layout: float32 frame of `layout.frame`'s shape."""
    return framing_stages(ink, mask, layout).frame


def to_frames(
    ink: np.ndarray, mask: np.ndarray, layouts: tuple[FrameLayout, ...], run_frame: bool = False
) -> list[np.ndarray]:
    """`to_frame` in each of `layouts`, and with `run_frame` `to_run_frame`'s frame last.
    The stroke work, most of framing's cost, is done once for the layouts that scale this
    shape alike: a digit taller than wide fits MNIST's square box, the verifier's wide
    one and a run's box at the same scale."""
    _require_same_shape(ink, mask)
    weighted: dict[tuple[float, float], tuple[np.ndarray, np.ndarray]] = {}

    def weighted_digit(layout: FrameLayout) -> np.ndarray:
        scales = _stroke_scales(mask.shape, layout)
        if scales not in weighted:
            weighted[scales] = _weighted_ink(ink, mask, scales)
        return weighted[scales][1]

    frames = [_placed(weighted_digit(layout), layout)[1] for layout in layouts]
    if run_frame:
        frames.append(_peak_one(_placed(weighted_digit(RUN_LAYOUT), RUN_LAYOUT)[0]))
    return frames


@dataclass(frozen=True)
class FramingStages:
    """A digit's ink after each step of framing (what `core.explain.framing_steps` shows)."""

    cropped: np.ndarray  # the digit's own ink in its box
    weighted: np.ndarray  # at MNIST's stroke weight, trimmed to its ink
    boxed: np.ndarray  # scaled into the box and placed in the frame's middle
    frame: np.ndarray  # moved so that its centre of mass is the frame's centre; peak 1


def framing_stages(ink: np.ndarray, mask: np.ndarray, layout: FrameLayout = MNIST_LAYOUT) -> FramingStages:
    """`to_frame`, keeping the ink as it was after each step."""
    _require_same_shape(ink, mask)
    cropped, digit = _weighted_ink(ink, mask, _stroke_scales(mask.shape, layout))
    boxed, frame = _placed(digit, layout)
    return FramingStages(cropped, digit, boxed, frame)


def _require_same_shape(ink: np.ndarray, mask: np.ndarray) -> None:
    if ink.shape != mask.shape or ink.size == 0:
        raise ValueError(f"ink {ink.shape} and mask {mask.shape} must be the same non-empty shape")


def _reduced_size(shape: tuple[int, ...], factor: float) -> tuple[int, int]:
    """(width, height) of a `shape` scaled by `factor`, at least one pixel each."""
    return max(1, round(shape[1] * factor)), max(1, round(shape[0] * factor))


def _stroke_scales(shape: tuple[int, ...], layout: FrameLayout) -> tuple[float, float]:
    """The two scales the stroke work depends on: the layout's box over the digit, and
    over the digit as the stroke work sees it (big digits are first reduced, below)."""
    scale = layout.scale(shape)
    if 2 * scale >= 1:
        return scale, scale
    width, height = _reduced_size(shape, 2 * scale)
    return scale, layout.scale((height, width))


def _weighted_ink(
    ink: np.ndarray, mask: np.ndarray, scales: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """The digit's own ink in its box, and that ink at MNIST's stroke weight for a frame
    that scales it by `scales` (`_stroke_scales`), trimmed to its ink."""
    mask, cropped = _masked_ink(ink, mask)
    digit = cropped
    # Big digits are first brought to twice the final box: the stroke work below then
    # costs the same for a 300-pixel digit as for a 40-pixel one.
    factor = 2 * scales[0]
    if factor < 1:
        digit = cv2.resize(digit, _reduced_size(mask.shape, factor), interpolation=cv2.INTER_AREA)
        # Area averaging keeps a thin stroke's ink but spreads it: a 1-pixel pen line on
        # a 150-pixel digit comes out at a third of its strength. Restore the strength
        # the strokes had, or the mask below keeps only dots of it.
        inked = digit[digit > FAINT_INK]
        if inked.size:
            # The STRONG_INK_PERCENTILE level, by partition: np.percentile costs ten times more.
            rank = int(STRONG_INK_PERCENTILE / 100 * (inked.size - 1))
            strong = float(np.partition(inked, rank)[rank])
            digit = np.clip(digit / max(strong, FAINT_INK), 0, 1)
        mask = (digit >= 0.5).astype(np.uint8)
    return cropped, _trim(normalise_stroke(digit, mask, scales[1]))


def _placed(digit: np.ndarray, layout: FrameLayout) -> tuple[np.ndarray, np.ndarray]:
    """The weighted ink scaled into the layout's box in the frame's middle, and that frame
    moved so that its centre of mass is the centre, its peak brought to 1."""
    frame = np.zeros(layout.frame, np.float32)
    if digit.size == 0:
        return frame, frame
    height, width = digit.shape
    scale = layout.scale(digit.shape)
    new_size = (
        max(1, min(layout.box[1], round(width * scale))),
        max(1, min(layout.box[0], round(height * scale))),
    )
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    small = cv2.resize(digit, new_size, interpolation=interpolation)
    top, left = (layout.frame[0] - new_size[1]) // 2, (layout.frame[1] - new_size[0]) // 2
    frame[top : top + new_size[1], left : left + new_size[0]] = small
    boxed = frame
    frame = centre_of_mass_shift(frame)
    peak = frame.max()
    if peak > 0:
        frame = frame / peak  # MNIST strokes peak at full intensity
    return boxed, frame


def centre_of_mass_shift(frame: np.ndarray) -> np.ndarray:
    """Translate so that the ink's centre of mass sits at the frame's centre, as MNIST does."""
    moments = cv2.moments(frame)
    if moments["m00"] <= 0:
        return frame
    centre_row, centre_column = (frame.shape[0] - 1) / 2, (frame.shape[1] - 1) / 2
    shift_row = centre_row - moments["m01"] / moments["m00"]
    shift_column = centre_column - moments["m10"] / moments["m00"]
    translation = np.float32([[1, 0, shift_column], [0, 1, shift_row]])
    # Bilinear weights are convex: values stay within [0, 1], no clipping needed.
    return cv2.warpAffine(frame, translation, frame.shape[::-1], flags=cv2.INTER_LINEAR)
