"""Runs of touching digits: least-ink cut paths and the parts between them."""

from __future__ import annotations

import cv2
import numpy as np

from core.reading.runs import MAX_PART_WIDTH, cut_paths, parts_between, straight_stroke_cuts


def _overlapping_strokes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A slanted stroke whose top leans over the foot of an upright one beside it: no
    straight column parts them, a path bending round the slant does. The mask and each
    stroke's own pixels."""
    slanted, upright = np.zeros((100, 80), np.uint8), np.zeros((100, 80), np.uint8)
    cv2.line(slanted, (8, 95), (52, 5), 1, 7)
    cv2.line(upright, (46, 45), (46, 95), 1, 7)
    return (slanted | upright).astype(bool), slanted.astype(bool), upright.astype(bool)


def test_a_cut_path_bends_round_an_overlap_no_straight_cut_can_part():
    mask, slanted, upright = _overlapping_strokes()
    both = np.flatnonzero(slanted.any(axis=0) & upright.any(axis=0))
    assert both.size > 0  # the strokes share columns: a straight cut crosses one of them
    columns = np.arange(mask.shape[1])[None, :]
    sides = [columns <= path[:, None] for path in cut_paths(mask, reference=100)]
    assert any((slanted <= left).all() and (upright <= ~left).all() for left in sides)


def test_the_parts_between_paths_include_each_stroke_alone_and_both_together():
    mask, slanted, upright = _overlapping_strokes()
    parts = [part for _, _, part in parts_between(mask, cut_paths(mask, reference=100), reference=100)]
    assert any(np.array_equal(part, slanted) for part in parts)
    assert any(np.array_equal(part, upright) for part in parts)
    assert any(np.array_equal(part, mask) for part in parts)


def test_parts_are_no_wider_than_a_digit_and_hold_real_ink():
    ink = np.zeros((60, 400), np.uint8)
    for left in range(10, 390, 45):  # a long run of touching rings
        cv2.circle(ink, (left + 25, 30), 25, 1, 4)
    mask = ink.astype(bool)
    parts = parts_between(mask, cut_paths(mask, reference=60), reference=60)
    assert parts
    for start, stop, part in parts:
        columns = np.flatnonzero(part.any(axis=0))
        assert start < stop and columns[-1] - columns[0] + 1 <= MAX_PART_WIDTH * 60
        assert part.sum() > 0 and not (part & ~mask).any()


def test_no_paths_through_a_piece_too_narrow_to_cut():
    assert cut_paths(np.ones((50, 2), bool), reference=50) == []


def _one_over_a_ring(
    stroke_column: int, lean: int = 0, stroke_top: int = 5, ring_width: int = 12
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An upright (or leaning) stroke from `stroke_top` to the foot of a ring, drawn over
    the ring's left side: the mask, the stroke's pixels and the ring's."""
    stroke, ring = np.zeros((150, 110), np.uint8), np.zeros((150, 110), np.uint8)
    cv2.line(stroke, (stroke_column - lean, stroke_top), (stroke_column + lean, 144), 1, 12)
    cv2.ellipse(ring, (62, 75), (34, 68), 0, 0, 360, 1, ring_width)
    return (stroke | ring).astype(bool), stroke.astype(bool), ring.astype(bool)


def test_a_straight_stroke_over_a_rings_side_is_cut_along_its_far_edge():
    for stroke_column, lean in [(20, 0), (26, 0), (22, 8)]:
        mask, stroke, ring = _one_over_a_ring(stroke_column, lean)
        cut = straight_stroke_cuts(mask, stroke_width=12)[0]  # the left end's cut first
        left, right = cut.left, cut.right
        assert cut.as_tall
        assert (left | right).sum() == mask.sum() and not (left & right).any()
        assert (stroke & left).sum() >= 0.99 * stroke.sum()  # the stroke on its side
        assert right.sum() > 0.8 * (ring & ~stroke).sum()  # most of the ring on the other


def test_a_stroke_on_the_right_is_the_right_part():
    mask, stroke, ring = _one_over_a_ring(20)
    cut = straight_stroke_cuts(mask[:, ::-1], stroke_width=12)[-1]
    left, right = cut.left, cut.right
    assert (stroke[:, ::-1] & right).sum() >= 0.99 * stroke.sum()
    assert left.sum() > 0.8 * (ring & ~stroke).sum()


def test_a_short_stroke_takes_only_its_own_rows():
    """A 1 half as tall as the digit it was written against, under that digit's bar (a 5's
    or a 7's): the bar's end, above the stroke, stays with its digit though it lies
    beyond the stroke's edge."""
    mask, stroke, ring = _one_over_a_ring(20, stroke_top=70, ring_width=4)
    bar = np.zeros(mask.shape, np.uint8)
    cv2.line(bar, (8, 20), (80, 20), 1, 4)
    mask |= bar.astype(bool)
    cut = straight_stroke_cuts(mask, stroke_width=12)[0]
    assert not cut.as_tall
    assert (stroke & cut.left).sum() >= 0.9 * stroke.sum()
    assert not cut.left[:55].any() and cut.right[:55].sum() == mask[:55].sum()


def test_no_stroke_cut_where_no_straight_stroke_is_long_enough():
    thin_ring = np.zeros((150, 110), np.uint8)
    cv2.ellipse(thin_ring, (55, 75), (45, 68), 0, 0, 360, 1, 4)
    short = thin_ring.copy()
    cv2.line(short, (3, 100), (3, 144), 1, 4)  # under half the height: not a 1 beside it
    assert straight_stroke_cuts(thin_ring.astype(bool), stroke_width=4) == []
    assert straight_stroke_cuts(short.astype(bool), stroke_width=4) == []
