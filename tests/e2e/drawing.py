"""Drawing on the predictor's canvas with the mouse, as a person would."""

from __future__ import annotations

import math

# Three digits in canvas pixels: a 1, a 7 (bar then slant) and a 0, 160 pixels tall.
ONE = [[(110, 50), (110, 210)]]
SEVEN = [[(200, 50), (300, 50), (240, 210)]]
ZERO = [
    [
        (400 + 45 * math.sin(2 * math.pi * k / 24), 130 - 80 * math.cos(2 * math.pi * k / 24))
        for k in range(25)
    ]
]
ONE_SEVEN_ZERO = ONE + SEVEN + ZERO


def draw(page, strokes, canvas_selector: str = "canvas.upper-canvas") -> None:
    """Press, drag through each stroke's points, release: one mouse stroke per list."""
    canvas = page.locator(canvas_selector)
    canvas.wait_for()
    box = canvas.bounding_box()
    for points in strokes:
        page.mouse.move(box["x"] + points[0][0], box["y"] + points[0][1])
        page.mouse.down()
        for x, y in points[1:]:
            page.mouse.move(box["x"] + x, box["y"] + y, steps=4)
        page.mouse.up()
