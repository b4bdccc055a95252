from __future__ import annotations

import numpy as np
import pytest

from core.images import ZOOMED_SIDE, gallery, heat_overlay, mosaic, on_black, upscale, zoomed_on


def test_upscale_repeats_pixels_without_blending():
    image = np.array([[0, 255], [10, 20]], dtype=np.uint8)
    enlarged = upscale(image, 3)
    assert enlarged.shape == (6, 6)
    assert (enlarged[:3, :3] == 0).all() and (enlarged[:3, 3:] == 255).all()
    assert set(np.unique(enlarged).tolist()) == {0, 10, 20, 255}
    with pytest.raises(ValueError):
        upscale(image, 0)


def test_mosaic_places_each_image_in_its_cell():
    images = np.stack([np.full((2, 3), value, np.uint8) for value in (10, 20, 30)])
    picture = mosaic(images, columns=2, gap=1, gap_value=0)
    assert picture.shape == (2 * 2 + 1, 2 * 3 + 1)
    assert (picture[0:2, 0:3] == 10).all()
    assert (picture[0:2, 4:7] == 20).all()
    assert (picture[3:5, 0:3] == 30).all()
    assert (picture[3:5, 4:7] == 0).all()  # the empty cell keeps the gap colour
    assert (picture[2, :] == 0).all()


def test_mosaic_rejects_what_is_not_a_stack_of_images():
    with pytest.raises(ValueError, match="non-empty stack"):
        mosaic(np.zeros((28, 28), np.uint8), columns=2)
    with pytest.raises(ValueError, match="columns"):
        mosaic(np.zeros((1, 2, 2), np.uint8), columns=0)


def test_gallery_tiles_on_a_dark_grid_and_enlarges():
    images = np.full((3, 28, 28), 255, np.uint8)
    picture = gallery(images, columns=2, scale=3)
    # Two rows of two 28-pixel cells with 2-pixel gaps, each pixel three times over.
    assert picture.shape == (3 * 58, 3 * 58)
    assert picture[0, 0] == 255 and picture[3 * 28, 0] == 64  # ink, then the gap
    assert picture[-1, -1] == 64  # the empty fourth cell


def test_heat_overlay_marks_ink_the_reading_needs_red_and_ink_against_it_blue():
    frame = np.zeros((28, 28), np.float32)
    heat = np.zeros((28, 28), np.float32)
    heat[2, 2], heat[20, 20] = 0.5, -0.5
    picture = heat_overlay(frame, heat, scale=2)
    assert picture.shape == (56, 56, 3) and picture.dtype == np.uint8
    red, blue, plain = picture[4, 4], picture[40, 40], picture[20, 4]
    assert red[0] > red[2] and blue[2] > blue[0]
    assert plain.tolist() == [0, 0, 0]  # no heat: the frame as it is


def test_on_black_enlarges_small_ink_with_square_pixels():
    ink = np.zeros((28, 28), np.float32)
    ink[10, 10] = 1.0
    shown = on_black(ink)
    assert shown.shape == (112, 112) and shown.max() == 255
    assert on_black(np.zeros((200, 100), np.float32)).shape == (200, 100)


def test_digits_small_in_the_image_are_shown_zoomed_in_with_their_boxes_moved():
    rgb = np.full((480, 640, 3), 255, np.uint8)
    rgb[300:312, 200:208] = 0  # a digit 12 pixels tall
    boxes = [(200, 300, 8, 12), (212, 300, 8, 12)]
    ignored = [(224, 305, 3, 3), (600, 20, 5, 5)]  # a speck beside the digits, one far off
    part, moved, kept, zoomed = zoomed_on(rgb, boxes, ignored)
    assert zoomed and part.shape[1] == ZOOMED_SIDE
    factor = ZOOMED_SIDE / (220 + 12 - (200 - 12))
    assert moved[0] == (round(12 * factor), round(12 * factor), round(8 * factor), round(12 * factor))
    x, y, width, height = moved[0]
    assert part[y + height // 2, x + width // 2].max() < 60  # the digit's ink under its box
    assert len(kept) == 1  # the speck beside them; the far one is outside the part shown


def test_a_small_column_of_digits_is_zoomed_to_the_same_longer_side():
    rgb = np.full((2000, 2000, 3), 255, np.uint8)
    boxes = [(1000, 100 + 40 * line, 8, 12) for line in range(15)]  # one digit a line
    part, _, _, zoomed = zoomed_on(rgb, boxes, [])
    assert zoomed and max(part.shape[:2]) == ZOOMED_SIDE


def test_digits_that_fill_the_image_are_shown_as_they_are():
    rgb = np.full((300, 600, 3), 255, np.uint8)
    boxes = [(40, 40, 60, 200), (300, 40, 60, 200)]
    part, moved, kept, zoomed = zoomed_on(rgb, boxes, [])
    assert not zoomed and part is rgb and moved == boxes
