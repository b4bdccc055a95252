"""The sheet of paper in a photo that shows the desk around it.

People photograph a sheet lying on a desk, often from an angle: the sheet is a light
four-sided shape, and around it is a darker desk. Read as it is, the desk throws the
paper estimate off (where the desk fills most of a photo, the paper is taken for light
ink on a dark board and the digits vanish), and the sheet's
slanted edges become long strokes that read as 1s. `find_page` finds such a sheet, and
`on_page` paints the desk over with the sheet's own colour, so that the rest of the
reader sees paper only. Photos of paper alone, drawings and sheets under a shadow
come back as they were (see the checks in `find_page`).
"""

from __future__ import annotations

import cv2
import numpy as np

# The page is looked for on a copy about this long (pixels, within a factor of 1.5): its
# edges are long, and a digit's strokes are a pixel or two there.
PAGE_SIDE = 300
# A strip narrower than this (pixels) shows no sheet.
MIN_SIDE = 16
# Strokes are closed over (filled with the paper around them) with a disk this share of
# the copy's longer side across: wider than a pen's stroke, narrower than the desk.
STROKE_CLOSING_SHARE = 1 / 30
# A sheet takes between these shares of the photo: less is a scrap of paper among other
# things; more leaves only a border, which the segmentation's edge rules handle.
PAGE_MIN_SHARE = 0.15
PAGE_MAX_SHARE = 0.97
# Paper is flat, and a sheet is convex: its light region fills at least this share of
# its convex hull (a lit region shaped by shadows or folds is seldom that full).
PAGE_SOLIDITY = 0.95
# A sheet's edges are straight: its outline's hull is a polygon of at most
# PAGE_MAX_CORNERS corners, found at CORNER_TOLERANCE of its perimeter (four, or more
# where the photo's edges cut the sheet's corners off; the development seeds' `desk`
# sheets: 4, at most 5 at half the tolerance). A bold light 0 or 8 on a dark canvas is a
# light convex region with dark "writing" (its hole) on a dark "desk" to every other test
# here, but round: 8 or 9 corners (/tmp/w14/verts.py). Painted over as a desk, the canvas
# left the hole to read as the digit ("700" read "2", "680" read "7").
PAGE_MAX_CORNERS = 6
CORNER_TOLERANCE = 0.02
# A sheet's edge is a step: paper ends within a pixel or two, and on the reduced copy a
# sheet's edge, even in a blurred photo, is as sharp as a step blurred over about one
# pixel (0.7 to 1.1 on the development seeds' `desk` photos, as the Gaussian's width that
# gives its steepest slope). A shadow's edge is a ramp: a hand's or a phone's shadow
# under room light fades over a few per cent of the photo (5 to 8 pixels on the copy), and
# the lit side alone is as light, convex and straight-edged as a sheet. Where the light
# region's outline is softer than PAGE_EDGE_SOFTNESS of the copy's longer side, it is a
# shadow: small digits in the shade were painted over as desk (a number 12 to 30
# pixels tall in a 1,024 to 1,600-pixel photo read nothing).
PAGE_EDGE_SOFTNESS = 0.01
# Dark writing covers between these shares of the sheet.
PAGE_INK_SHARES = (0.002, 0.2)
# The desk is at least this much darker than the sheet (grey levels, medians), ...
PAGE_CONTRAST = 45
# ... and nothing is written on it: at most DESK_INK_SHARE of it, away from the sheet's
# edge, is DESK_INK_LEVEL grey levels darker than the desk's median, and no dark mark runs
# from the sheet out across its edge. Paper in a shadow holds its digits; a desk does not.
DESK_INK_LEVEL = 30
DESK_INK_SHARE = 0.003
# A stroke: this many grey levels darker than the paper the closing puts in its place.
STROKE_LEVEL = 30
# The sheet's edge goes with the desk: its mask is shrunk by this share of the photo's
# longer side (the edge is blurred, and found on a copy a quarter as long).
EDGE_SHARE = 0.015
# The desk is painted with the sheet's colour nearby: Gaussian weights this share of the
# photo's longer side wide.
FILL_SHARE = 0.08
# ... and, where those weights are below about this much, its mean colour.
FAR_WEIGHT = 0.02


def find_page(rgba: np.ndarray) -> np.ndarray | None:
    """bool mask (rgba's height and width) of the sheet of paper in a photo of a sheet on
    a desk; None when the photo is all paper (or drawing), or when what lies around the
    light region may be paper too: a shadow with digits in it, a fold."""
    shape = rgba.shape[:2]
    if min(shape) < MIN_SIDE:
        return None
    reduced = _reduced(rgba)
    small = cv2.cvtColor(reduced, cv2.COLOR_RGBA2GRAY if rgba.shape[2] == 4 else cv2.COLOR_RGB2GRAY)
    side = _closing_side(small.shape)
    closed = _closed(small, side)
    level, light = cv2.threshold(closed, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(light, connectivity=4)
    if count < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    region = (labels == largest).view(np.uint8)
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    outline = max(contours, key=cv2.contourArea)
    hull = cv2.convexHull(outline)
    corners = cv2.approxPolyDP(hull, CORNER_TOLERANCE * cv2.arcLength(hull, closed=True), closed=True)
    if len(corners) > PAGE_MAX_CORNERS:
        return None
    page = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(page, hull, 1)
    page_area = cv2.countNonZero(page)
    if not PAGE_MIN_SHARE * page.size <= page_area <= PAGE_MAX_SHARE * page.size:
        return None
    # Holes inside (digits the closing left) do not count against it; notches do.
    filled = np.zeros(small.shape, np.uint8)
    cv2.drawContours(filled, [outline], -1, 1, thickness=cv2.FILLED)
    if cv2.countNonZero(filled) < PAGE_SOLIDITY * page_area:
        return None
    sheet, desk = page.astype(bool), ~page.astype(bool)
    step = float(np.median(closed[sheet])) - float(np.median(closed[desk]))
    if step < PAGE_CONTRAST or _soft_edged(closed, page, step):
        return None
    # The number is written on the sheet, and is a small share of it: a lit patch with
    # nothing on it is no sheet, nor is a light ring drawn on a dark canvas. Writing is
    # darker than the level between sheet and desk, or thin dark detail: on a dark desk
    # that level is low, and a reduced copy's strokes, blended with the paper between
    # them, stayed over it ("7029" on a sheet on a black desk: no writing found, no sheet,
    # and its edges read as digits).
    dark = small < level
    strokes = cv2.subtract(closed, small) >= STROKE_LEVEL  # thin dark detail: writing
    written = np.count_nonzero((dark | strokes) & sheet)
    if not PAGE_INK_SHARES[0] * page_area <= written <= PAGE_INK_SHARES[1] * page_area:
        return None
    if _written_on(small, desk, side) or _writing_crosses(dark, sheet, side):
        return None
    # The closing also filled the desk's narrowest wedges (where a page seen at an angle
    # meets the photo's edge): dark pixels joined to the desk are desk, but never writing
    # (strokes clear of the photo's border; a wedge's tip reaches it), however dark the
    # paper around it.
    dark_or_desk = ((dark & ~_clear_of_border(strokes)) | desk).view(np.uint8)
    _, parts = cv2.connectedComponents(dark_or_desk, connectivity=8)
    page = (~np.isin(parts, np.unique(parts[desk]))).astype(np.float32)
    full = cv2.resize(page, shape[::-1], interpolation=cv2.INTER_LINEAR) >= 0.5
    edge = max(2, int(round(EDGE_SHARE * max(shape))))
    return cv2.erode(full.view(np.uint8), np.ones((2 * edge + 1,) * 2, np.uint8)).astype(bool)


def _soft_edged(closed: np.ndarray, page: np.ndarray, step: float) -> bool:
    """Is the outline of `page` (uint8, the light region's hull), away from the photo's
    border, a ramp wider than PAGE_EDGE_SOFTNESS (see there) rather than a step of
    `step` grey levels? A step blurred by a Gaussian of width w is steepest, at
    step / (w * sqrt(2 pi)), where the light region's threshold puts its outline; the
    steepest slope within 4 pixels of each point of the outline is taken, and their
    median gives w."""
    values = closed.astype(np.float32)
    slope = np.hypot(cv2.Sobel(values, cv2.CV_32F, 1, 0), cv2.Sobel(values, cv2.CV_32F, 0, 1)) / 8
    steepest = cv2.dilate(slope, np.ones((9, 9), np.uint8))
    outline = (page - cv2.erode(page, np.ones((3, 3), np.uint8))).astype(bool)
    inner = np.zeros(page.shape, bool)
    inner[4:-4, 4:-4] = True  # the photo's own edge is no sheet's edge
    outline &= inner
    if not outline.any():
        return False
    width = step / (np.sqrt(2 * np.pi) * max(float(np.median(steepest[outline])), 1e-6))
    return width > PAGE_EDGE_SOFTNESS * max(closed.shape)


def _written_on(small: np.ndarray, desk: np.ndarray, side: int) -> bool:
    """Does the desk, away from the sheet's edge, hold writing: more than DESK_INK_SHARE
    of it DESK_INK_LEVEL darker than the desk's own median?"""
    away = small[cv2.erode(desk.view(np.uint8), np.ones((side, side), np.uint8)).astype(bool)]
    if away.size == 0:
        return False
    level = float(np.median(away)) - DESK_INK_LEVEL
    return np.count_nonzero(away < level) > DESK_INK_SHARE * away.size


def _writing_crosses(dark: np.ndarray, sheet: np.ndarray, side: int) -> bool:
    """Does dark ink from well inside the light region run out into the dark around it?
    A sheet's edge never cuts its writing; a shadow's edge does (a 0 whose top is in the
    shade). Dark paper in a soft shadow counts as ink here too: where it joins a digit
    to the dark around the sheet, the sheet is left as it is (a wrong guess erases digits)."""
    count, labels = cv2.connectedComponents(dark.view(np.uint8), connectivity=8)
    if count < 2:
        return False
    # Well inside: `side` clear of the dark and of the photo's border (where the closing
    # filled the tips of the desk's wedges into the light region).
    kernel = np.ones((side, side), np.uint8)
    inside = cv2.erode(sheet.view(np.uint8), kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    inside = inside.astype(bool)
    reaching_in = np.zeros(count, bool)
    reaching_in[labels[inside & dark]] = True
    reaching_out = np.zeros(count, bool)
    reaching_out[labels[~sheet & dark]] = True
    return bool((reaching_in & reaching_out).any())


def _clear_of_border(marks: np.ndarray) -> np.ndarray:
    """The marks (a bool mask's 8-connected parts) that do not touch the image's border."""
    count, labels = cv2.connectedComponents(marks.view(np.uint8), connectivity=8)
    touching = np.zeros(count, bool)
    for edge in (labels[0], labels[-1], labels[:, 0], labels[:, -1]):
        touching[edge] = True
    return marks & ~touching[labels]


def _reduced(rgba: np.ndarray) -> np.ndarray:
    """The photo halved while over PAGE_SIDE by half again: OpenCV averages 2x2 blocks
    fast, and a reduction by any other factor costs ten times more (2 ms for a drawing)."""
    reduced = rgba
    while max(reduced.shape[:2]) > 1.5 * PAGE_SIDE and min(reduced.shape[:2]) >= 2 * MIN_SIDE:
        reduced = cv2.resize(reduced, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return reduced


def _closing_side(shape: tuple[int, ...]) -> int:
    return max(3, int(round(max(shape[:2]) * STROKE_CLOSING_SHARE)) | 1)


def _closed(image: np.ndarray, side: int) -> np.ndarray:
    """The reduced photo with its strokes closed over (filled with the paper around them)."""
    return cv2.morphologyEx(
        image, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    )


def on_page(rgba: np.ndarray, page: np.ndarray) -> np.ndarray:
    """The photo with everything outside `page` painted as the sheet's paper would look
    there: the sheet's colour, strokes closed over, averaged near each point with
    Gaussian weights (FILL_SHARE of the photo's size), so a sheet lit unevenly meets the
    paint without a step that would read as ink."""
    reduced = _reduced(rgba)
    small = _closed(reduced, _closing_side(reduced.shape))[..., :3].astype(np.float32)
    height, width = small.shape[:2]
    on_sheet = cv2.resize(page.astype(np.float32), (width, height), interpolation=cv2.INTER_AREA) > 0.999
    weight = on_sheet.astype(np.float32)
    sigma = FILL_SHARE * max(height, width)
    total = cv2.GaussianBlur(weight, (0, 0), sigma)
    # Far from the sheet, where its weights vanish, its mean colour, blended in smoothly.
    mean = small[on_sheet].mean(axis=0) if on_sheet.any() else small.reshape(-1, 3).mean(axis=0)
    near = cv2.GaussianBlur(small * weight[..., None], (0, 0), sigma)
    fill = (near + FAR_WEIGHT * mean) / (total + FAR_WEIGHT)[..., None]
    full = cv2.resize(fill, (page.shape[1], page.shape[0]), interpolation=cv2.INTER_LINEAR)
    painted = rgba.copy()
    desk = ~page
    painted[desk, :3] = np.clip(np.round(full[desk]), 0, 255).astype(np.uint8)
    if painted.shape[2] == 4:
        painted[desk, 3] = 255
    return painted
