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
    """Press, drag through each stroke's points, release: one mouse stroke per list.

    Points are in the canvas's own pixels; on a narrow screen the canvas is shown smaller,
    so they are scaled to where it is drawn on the page."""
    origin_x, origin_y, scale = _canvas_on_page(page, canvas_selector)
    for points in strokes:
        page.mouse.move(origin_x + scale * points[0][0], origin_y + scale * points[0][1])
        page.mouse.down()
        for x, y in points[1:]:
            page.mouse.move(origin_x + scale * x, origin_y + scale * y, steps=4)
        page.mouse.up()


def touch_draw(page, strokes, canvas_selector: str = "canvas.upper-canvas", steps: int = 4) -> None:
    """As draw, with a finger: Chromium's touch events through the DevTools protocol (the
    page must be opened in a context with has_touch=True)."""
    origin_x, origin_y, scale = _canvas_on_page(page, canvas_selector)
    session = page.context.new_cdp_session(page)

    def touch(kind: str, x: float | None = None, y: float | None = None) -> None:
        points = [] if x is None else [{"x": origin_x + scale * x, "y": origin_y + scale * y}]
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    for points in strokes:
        touch("touchStart", *points[0])
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            for step in range(1, steps + 1):
                touch("touchMove", x0 + (x1 - x0) * step / steps, y0 + (y1 - y0) * step / steps)
        touch("touchEnd")
    session.detach()


def _canvas_on_page(page, canvas_selector: str) -> tuple[float, float, float]:
    canvas = page.locator(canvas_selector)
    canvas.wait_for()
    # A person scrolls to the canvas before drawing; the whole of it, below the page's
    # fixed header (the canvas's scroll margin).
    canvas.evaluate("element => element.scrollIntoView({block: 'nearest'})")
    box = canvas.bounding_box()
    natural_width = canvas.evaluate("element => element.width")
    return box["x"], box["y"], box["width"] / natural_width
