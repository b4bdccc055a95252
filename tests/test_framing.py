"""MNIST-faithful frames: 20-pixel box, centre of mass at the centre, MNIST's stroke weight."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.reading.framing import FRAME_SIDE, MNIST_STROKE_WIDTH, levelled, stroke_width, to_mnist_frame
from tests import drawing


def frame_of(ink: np.ndarray) -> np.ndarray:
    return to_mnist_frame(ink, ink >= 0.3)


def box_of(frame: np.ndarray, level: float = 0.3) -> tuple[int, int]:
    rows = np.flatnonzero((frame > level).any(axis=1))
    columns = np.flatnonzero((frame > level).any(axis=0))
    return rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1


def centre_of_mass(frame: np.ndarray) -> tuple[float, float]:
    rows, columns = np.indices(frame.shape)
    return (rows * frame).sum() / frame.sum(), (columns * frame).sum() / frame.sum()


def test_a_tall_digit_fills_twenty_pixels_of_height_keeping_its_aspect():
    ink = drawing.zero(drawing.blank(400, 300), 200, top=50, height=200)
    frame = frame_of(ink)
    assert frame.shape == (FRAME_SIDE, FRAME_SIDE) and frame.dtype == np.float32
    height, width = box_of(frame)
    assert 19 <= height <= 22 and 13 <= width <= 17  # the ellipse is 2/3 as wide as tall
    assert frame.max() == pytest.approx(1.0)


def test_the_centre_of_mass_lands_on_the_centre():
    ink = drawing.blank(300, 300)
    drawing.line(ink, (60, 40), (60, 260))  # an L: mass far from its box's centre
    drawing.line(ink, (60, 260), (200, 260))
    row, column = centre_of_mass(frame_of(ink))
    assert row == pytest.approx(13.5, abs=0.6) and column == pytest.approx(13.5, abs=0.6)


@pytest.mark.parametrize("thickness", [3, 12, 40])
def test_thin_and_bold_strokes_come_out_at_mnist_weight(thickness):
    ink = drawing.blank(300, 300)
    cv2.ellipse(ink, (150, 150), (70, 110), 0, 0, 360, 1.0, thickness, cv2.LINE_AA)
    width = stroke_width(frame_of(ink) >= 0.5)
    assert MNIST_STROKE_WIDTH / 1.6 <= width <= MNIST_STROKE_WIDTH * 1.6


def test_the_mask_keeps_a_neighbours_ink_out():
    ink = drawing.blank(200, 200)
    drawing.one(ink, 60, top=20, height=160)
    neighbour = drawing.one(drawing.blank(200, 200), 140, top=20, height=160)
    frame = to_mnist_frame(np.maximum(ink, neighbour), ink >= 0.3)
    assert box_of(frame)[1] <= 6  # one stroke, not two


def test_mismatched_or_empty_input_is_refused():
    with pytest.raises(ValueError, match="same non-empty shape"):
        to_mnist_frame(np.zeros((10, 10), np.float32), np.zeros((10, 11), bool))
    with pytest.raises(ValueError, match="same non-empty shape"):
        to_mnist_frame(np.zeros((0, 0), np.float32), np.zeros((0, 0), bool))
    assert not to_mnist_frame(np.zeros((10, 10), np.float32), np.zeros((10, 10), bool)).any()


def test_a_hairline_is_judged_thin_not_thick():
    """Isolated pixels and 1-pixel lines have contours of (almost) no length; the old
    estimate called them far too thick and eroded the digit away."""
    dots = np.zeros((60, 60), bool)
    dots[::4, ::4] = True
    assert stroke_width(dots) <= 2.0
    line = np.zeros((150, 150), np.uint8)
    cv2.line(line, (10, 140), (140, 10), 1, 1)
    assert stroke_width(line.astype(bool)) <= 1.5


def test_a_fine_pen_circle_on_a_big_digit_frames_as_a_whole_ring():
    ink = np.zeros((150, 120), np.float32)
    cv2.ellipse(ink, (60, 75), (55, 70), 0, 0, 360, 1.0, 1, cv2.LINE_AA)
    frame = to_mnist_frame(ink, ink > 0.3)
    inked = (frame > 0.3).astype(np.uint8)
    # One closed ring: one piece of ink, and the paper split into inside and outside.
    assert cv2.connectedComponents(inked, connectivity=8)[0] - 1 == 1
    assert cv2.connectedComponents(1 - inked, connectivity=4)[0] - 1 == 2


def test_the_wide_layout_keeps_two_narrow_digits_full_height():
    """The verifier's 28 x 56 frame: height 20, so narrow digits side by side, wider
    together than tall, keep their height, where MNIST's frame shrinks them to fit a
    20-pixel width."""
    from core.reading.framing import WIDE_LAYOUT, to_frame

    ink = drawing.narrow_number("1000", width=45, gap=25, margin=0)
    inked_rows = lambda frame: int((frame.max(axis=1) > 0.3).sum())  # noqa: E731
    wide = to_frame(ink, ink > 0.3, WIDE_LAYOUT)
    square = to_mnist_frame(ink, ink > 0.3)
    assert wide.shape == (28, 56)
    assert 19 <= inked_rows(wide) <= 22 and inked_rows(square) < 15
    assert int((wide.max(axis=0) > 0.3).sum()) > int((square.max(axis=0) > 0.3).sum())


def enclosed_background(frame: np.ndarray, level: float = 0.3) -> int:
    """How many background regions of the frame the ink encloses (its loops)."""
    background = np.pad((frame < level).astype(np.uint8), 1, constant_values=1)
    count, labels = cv2.connectedComponents(background, connectivity=4)
    return count - 2  # less the ink's label 0 and the outside


def test_a_fine_pen_keeps_a_small_loop_open_when_thickened():
    """A 6 in a 2-pixel pen, its loop a quarter of its height: thickened all the way to
    MNIST's weight, the loop closed into a blot and the 6 read as a 1."""
    ink = drawing.blank(width=240, height=320)
    stem = np.array([(170, 20), (140, 60), (110, 110), (90, 160), (80, 210), (78, 250)], np.int32)
    cv2.polylines(ink, [stem], False, 1.0, 2, cv2.LINE_AA)
    cv2.circle(ink, (112, 262), 36, 1.0, 2, cv2.LINE_AA)
    frame = frame_of(ink)
    assert enclosed_background(frame) == 1
    # Still thickened: its strokes are well past what the pen alone gives at this scale.
    assert stroke_width(frame >= 0.5) >= 1.2


@pytest.mark.parametrize("text, width", [("7", 60), ("1000", 45), ("4", 160)])
def test_framing_in_several_layouts_at_once_matches_framing_in_each(text, width):
    """`to_frames` shares the stroke work between layouts that scale a shape alike (a
    tall digit); a wide shape, scaled differently by each, is framed for each."""
    from core.reading.framing import MNIST_LAYOUT, WIDE_LAYOUT, to_frame, to_frames

    ink = drawing.narrow_number(text, width=width, gap=25, margin=0)
    mask = ink > 0.3
    together = to_frames(ink, mask, (MNIST_LAYOUT, WIDE_LAYOUT))
    for layout, frame in zip((MNIST_LAYOUT, WIDE_LAYOUT), together, strict=True):
        assert np.array_equal(frame, to_frame(ink, mask, layout))


def test_a_digit_of_tilted_writing_is_turned_level():
    # A 1 written upright on a page photographed turned 10 degrees counter-clockwise: the
    # writing rises to the right (a negative slope, rows down per column across) and the
    # 1 leans with it.
    upright = drawing.one(drawing.blank(240, 280), 120, top=50, height=180)
    turn = cv2.getRotationMatrix2D((120, 140), 10, 1.0)
    leaning = cv2.warpAffine(upright, turn, (240, 280))
    x, y, width, height = cv2.boundingRect((leaning >= 0.3).view(np.uint8))
    ink = leaning[y : y + height, x : x + width]
    mask = ink >= 0.3
    assert width > 0.2 * height  # the 1 leans across its box

    level_ink, level_mask = levelled(ink, mask, slope=-np.tan(np.radians(10)))

    level_height, level_width = level_mask.shape
    assert level_width <= drawing.STROKE + 4  # upright: as wide as the pen
    assert level_height == pytest.approx(180 + drawing.STROKE, abs=4)
    assert level_ink.shape == level_mask.shape
    assert level_ink.sum() == pytest.approx(ink.sum(), rel=0.05)  # all its ink, turned with it
    # Level writing is left as it is.
    same_ink, same_mask = levelled(ink, mask, slope=0.0)
    assert same_ink is ink and same_mask is mask
