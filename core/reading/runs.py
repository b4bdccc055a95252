"""Digits written touching in a run: where to cut one piece of ink into several digits.

A run of touching digits is one piece of ink. Cutting it in two at a few columns and
cutting the halves again finds the digits of a pair, but not of a run: each cut is
chosen before the next is known, and a straight cut cannot part digits that overlap
(a 7's bar over the next digit's top). Here every plausible cut is a path from the
piece's top to its bottom that crosses as little ink as it can, free to bend round a
digit's edge (found for every column at once by dynamic programming over rows); the
parts between any two paths are the candidates, and the reader chooses among them the
best sequence, as its lattice does among pieces (`core.reading.reader`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

# A path's cost per row it moves sideways, against 1 per ink pixel it crosses: enough
# to keep a path in a blank gap straight, little enough to let it bend round a stroke.
SIDE_STEP_COST = 0.3
# Paths ending (or starting) this share of the reference height apart at the least;
# about the narrowest digit's width (a 1's).
PATH_SPACING = 0.12
# At most this many paths per reference height of the piece's width.
PATHS_PER_HEIGHT = 4.0
# Two paths this close on average (pixels) are the same cut.
SAME_PATH = 2.0
# A part is at most this many reference heights wide: a digit is seldom wider than its
# line is tall, and a wider part was two touching digits that the verifier, which never
# saw digits touch, took for one ("03615" read "085" at 1.3; on development seeds 1
# and 2, 1.0 read 3 and 2 more numbers right than 1.3, a /tmp script)...
MAX_PART_WIDTH = 1.0
# ... and holds at least this share of the piece's ink.
MIN_PART_INK = 0.04


def cut_paths(mask: np.ndarray, reference: float) -> list[np.ndarray]:
    """Ways to cut a piece's mask (bool, h x w) from top to bottom: each a path given as
    the column it takes in each row, crossing as little ink as a path ending (or
    starting) at its column can, ordered left to right. A pixel on a path belongs to the
    part on its left."""
    height, width = mask.shape
    spacing = max(2, int(round(PATH_SPACING * reference)))
    count = max(1, int(PATHS_PER_HEIGHT * width / max(reference, 1.0)))
    paths: list[np.ndarray] = []
    for flipped in (False, True):
        cost = mask[::-1] if flipped else mask
        found = _least_ink_paths(cost.astype(np.float32), spacing, count)
        paths.extend(path[::-1] if flipped else path for path in found)
    distinct: list[np.ndarray] = []
    for path in sorted(paths, key=lambda path: float(path.mean())):
        if all(np.abs(path - other).mean() > SAME_PATH for other in distinct):
            distinct.append(path)
    return distinct


def _least_ink_paths(cost: np.ndarray, spacing: int, count: int) -> list[np.ndarray]:
    """The cheapest top-to-bottom paths of `cost` ending at up to `count` columns that are
    local minima of the ending cost, `spacing` apart, cheapest first; the box's own edge
    columns are no cut."""
    height, width = cost.shape
    if width < 3:
        return []
    total, moves = least_cost_moves(cost, SIDE_STEP_COST)
    ends = [end for end in _local_minima(total) if 0 < end < width - 1]
    chosen: list[int] = []
    for end in sorted(ends, key=lambda column: (float(total[column]), column)):
        if all(abs(end - other) >= spacing for other in chosen):
            chosen.append(end)
        if len(chosen) == count:
            break
    return [traced_path(moves, end) for end in chosen]


def least_cost_moves(cost: np.ndarray, side_step_cost: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Paths down the rows of `cost` (h x w), a step a row to the same column or a
    neighbour, each step sideways costing `side_step_cost` more: the least total of a
    path ending at each column of the last row, and for each row and column the step
    that reached it (-1 from the column before, 0 straight down, 1 from the one after;
    ties in that order). Also the line cuts' boundary (`segment._least_ink_boundary`)."""
    height, width = cost.shape
    total = cost[0].copy()
    moves = np.zeros((height, width), np.int8)
    infinite = np.array([np.inf], cost.dtype)
    for row in range(1, height):
        from_before = np.concatenate([infinite, total[:-1]]) + side_step_cost
        from_after = np.concatenate([total[1:], infinite]) + side_step_cost
        choices = np.stack([from_before, total, from_after])
        best = choices.argmin(axis=0)
        total = choices[best, np.arange(width)] + cost[row]
        moves[row] = best - 1
    return total, moves


def traced_path(moves: np.ndarray, end: int) -> np.ndarray:
    """The column, in each row, of the path `least_cost_moves` found ending at `end`."""
    path = np.empty(len(moves), np.int64)
    path[-1] = end
    for row in range(len(moves) - 1, 0, -1):
        path[row - 1] = path[row] + moves[row, path[row]]
    return path


def _local_minima(values: np.ndarray) -> list[int]:
    """Columns where `values` is no higher than both neighbours; the middle of each flat
    bottom."""
    minima = []
    column = 0
    size = len(values)
    while column < size:
        end = column
        while end + 1 < size and values[end + 1] == values[column]:
            end += 1
        lower_left = column == 0 or values[column - 1] > values[column]
        lower_right = end == size - 1 or values[end + 1] > values[column]
        if lower_left and lower_right:
            minima.append((column + end) // 2)
        column = end + 1
    return minima


def parts_between(
    mask: np.ndarray, paths: list[np.ndarray], reference: float
) -> list[tuple[int, int, np.ndarray]]:
    """Candidate parts of the piece: (start, stop, part mask) for the ink between
    boundary `start` and boundary `stop`, where boundary 0 is the piece's left edge,
    boundary i the (i-1)th path and the last the right edge; only parts no wider than
    MAX_PART_WIDTH reference heights holding MIN_PART_INK of the ink."""
    height, width = mask.shape
    columns = np.arange(width)[None, :]
    boundaries = [np.full(height, -1, np.int32), *paths, np.full(height, width - 1, np.int32)]
    total = max(int(mask.sum()), 1)
    parts = []
    for start in range(len(boundaries) - 1):
        for stop in range(start + 1, len(boundaries)):
            inside = (columns > boundaries[start][:, None]) & (columns <= boundaries[stop][:, None])
            part = mask & inside
            inked_columns = np.flatnonzero(part.any(axis=0))
            if inked_columns.size == 0:
                continue
            if inked_columns[-1] - inked_columns[0] + 1 > MAX_PART_WIDTH * reference:
                break  # wider still with every later boundary
            if part.sum() >= MIN_PART_INK * total:
                parts.append((start, stop, part))
    return parts


# A cut the sequence reader places (`parts_at`) follows the least-ink path nearest it
# when its mean column lies within this share of the reference height; else straight down.
NEAREST_PATH = 0.15


def parts_at(mask: np.ndarray, columns: list[float], reference: float) -> list[np.ndarray] | None:
    """The piece's mask cut at each of `columns` (left to right): along the least-ink
    path (`cut_paths`) whose mean column lies nearest, within NEAREST_PATH reference
    heights, else straight down. None when a part would hold no ink."""
    height, width = mask.shape
    paths = cut_paths(mask, reference)
    boundaries = [np.full(height, -1, np.int64)]
    for column in columns:
        nearest = min(paths, key=lambda path: abs(float(path.mean()) - column), default=None)
        if nearest is not None and abs(float(nearest.mean()) - column) <= NEAREST_PATH * reference:
            boundaries.append(nearest)
        else:
            boundaries.append(np.full(height, int(round(column)), np.int64))
    boundaries.append(np.full(height, width - 1, np.int64))
    every_column = np.arange(width)[None, :]
    parts = []
    for left, right in pairwise(boundaries):
        part = mask & (every_column > left[:, None]) & (every_column <= right[:, None])
        if not part.any():
            return None
        parts.append(part)
    return parts


# A straight stroke at a piece's end (a 1 written against a digit): lines leaning up to
# this many columns per row either way (about 19 degrees), their middle within
# STROKE_END_SHARE of the piece's width from its end, that find ink in STROKE_MIN_COVER
# of the piece's rows (a 1 as tall as the digit it was written against) or else
# without a break along STROKE_MIN_RUN of its height (a 1 about half as tall, and more).
STROKE_SLOPES = np.linspace(-0.35, 0.35, 15)
STROKE_END_SHARE = 0.4
STROKE_MIN_COVER = 0.9
STROKE_MIN_RUN = 0.45


@dataclass(frozen=True)
class StrokeCut:
    """A piece's mask cut in two along the far edge of a straight stroke at one end:
    `left` and `right` masks, and whether the stroke is as tall as the piece."""

    left: np.ndarray
    right: np.ndarray
    as_tall: bool


def straight_stroke_cuts(mask: np.ndarray, stroke_width: float) -> list[StrokeCut]:
    """The piece's mask cut along the far edge of a straight stroke at its left end and at
    its right end: the stroke on one side, what it was written against on the other. A 1
    drawn over the side of an 8 or a 0 leaves no least-ink path between them. Of the lines
    of STROKE_SLOPES inked in STROKE_MIN_COVER of the rows, the one `_end_line` chooses,
    the stroke's side taking all the ink beyond its edge; where there is none, of the
    lines inked without a break along STROKE_MIN_RUN of the height, the one it chooses,
    the stroke's side taking the ink beyond its edge along that run's rows only (half a
    stroke more above and below), so that the top of a taller digit beside a short 1
    stays whole. Empty where no such stroke is."""
    height, width = mask.shape
    rows = np.arange(height)[:, None]
    middle = (height - 1) / 2
    # For the line through (middle, column) at each slope: the share of rows it finds ink
    # in, its longest unbroken run of ink and the run's last row.
    cover = np.zeros((len(STROKE_SLOPES), width))
    longest = np.zeros((len(STROKE_SLOPES), width), int)
    last_row = np.zeros((len(STROKE_SLOPES), width), int)
    for index, slope in enumerate(STROKE_SLOPES):
        columns = np.arange(width)[None, :] + np.round(slope * (rows - middle)).astype(int)
        inside = (columns >= 0) & (columns < width)
        inked = np.zeros((height, width), bool)
        inked[inside] = mask[np.broadcast_to(rows, columns.shape)[inside], columns[inside]]
        cover[index] = inked.mean(axis=0)
        run = rows - np.maximum.accumulate(np.where(inked, -1, rows), axis=0)
        longest[index], last_row[index] = run.max(axis=0), run.argmax(axis=0)
    cuts = []
    for from_left in (True, False):
        as_tall = True
        line = _end_line(cover >= STROKE_MIN_COVER, cover, from_left)
        if line is None:
            as_tall = False
            line = _end_line(longest >= STROKE_MIN_RUN * height, longest, from_left)
        if line is None:
            continue
        slope_index, column = line
        slope = STROKE_SLOPES[slope_index]
        # The stroke's far edge: half a stroke from its middle line, and a pixel more.
        edge = column + (stroke_width / 2 + 1) * (1 if from_left else -1) + slope * (rows - middle)
        along = np.ones_like(rows, bool)
        if not as_tall:
            middle_column = int(round(column))
            bottom = last_row[slope_index, middle_column]
            top = bottom - longest[slope_index, middle_column] + 1
            along = (rows >= top - stroke_width / 2) & (rows <= bottom + stroke_width / 2)
        columns = np.arange(width)[None, :]
        stroke_side = mask & along & (columns <= edge if from_left else columns >= edge)
        rest = mask & ~stroke_side
        left, right = (stroke_side, rest) if from_left else (rest, stroke_side)
        cuts.append(StrokeCut(left, right, as_tall))
    return cuts


def _end_line(found: np.ndarray, score: np.ndarray, from_left: bool) -> tuple[int, float] | None:
    """Among lines `found` (slope x column), for each slope the outermost one within
    STROKE_END_SHARE of the width from the end and the run of found lines inward from
    it; the slope whose outermost line lies nearest the end (a line leaning from a short
    stroke into the side of the digit beside it finds a longer run of ink, but further
    in), of those the one whose run scores most on average; and the run's middle column."""
    width = found.shape[1]
    reach = int(STROKE_END_SHARE * width) + 1
    best = None  # (outermost column, -mean score, slope index, middle column)
    for slope_index in range(len(found)):
        ordered = found[slope_index] if from_left else found[slope_index, ::-1]
        outermost = np.flatnonzero(ordered[:reach])
        if outermost.size == 0:
            continue
        first = last = int(outermost[0])
        while last + 1 < width and ordered[last + 1]:
            last += 1
        scores = score[slope_index] if from_left else score[slope_index, ::-1]
        mean = float(scores[first : last + 1].mean())
        column = (first + last) / 2 if from_left else width - 1 - (first + last) / 2
        candidate = (first, -mean, slope_index, column)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return None if best is None else (best[2], best[3])
