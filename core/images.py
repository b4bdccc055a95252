"""Small image helpers shared by the pages: tiling, crisp upscaling, boxes around digits."""

from __future__ import annotations

import base64

import cv2
import numpy as np


def upscale(image: np.ndarray, factor: int) -> np.ndarray:
    """Enlarge by an integer factor with square pixels (no blur), as MNIST is usually shown."""
    if factor < 1:
        raise ValueError(f"factor must be at least 1, got {factor}")
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def mosaic(images: np.ndarray, columns: int, gap: int = 2, gap_value: int = 128) -> np.ndarray:
    """Tile images (N, H, W) into one (rows*H + gaps, columns*W + gaps) uint8 picture.

    Cells past the last image stay at gap_value, so a short last row is visible as such.
    """
    images = np.asarray(images)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"expected a non-empty stack of images (N, H, W), got shape {images.shape}")
    if columns < 1:
        raise ValueError(f"columns must be at least 1, got {columns}")
    count, height, width = images.shape
    rows = -(-count // columns)
    picture = np.full(
        (rows * height + (rows - 1) * gap, columns * width + (columns - 1) * gap),
        gap_value,
        dtype=np.uint8,
    )
    for position, image in enumerate(images):
        row, column = divmod(position, columns)
        top, left = row * (height + gap), column * (width + gap)
        picture[top : top + height, left : left + width] = image
    return picture


def gallery(images: np.ndarray, columns: int, scale: int = 2) -> np.ndarray:
    """MNIST digits (N, 28, 28) for a page: tiled on a dark grey grid, enlarged `scale` times."""
    return upscale(mosaic(images, columns=columns, gap_value=64), scale)


BOX_COLOUR = (37, 99, 235)  # the app's primary blue
LOW_CONFIDENCE_COLOUR = (217, 119, 6)  # amber: look again
IGNORED_COLOUR = (160, 160, 160)  # grey: left out of the reading (specks, rules, edges)
# zlib level 1: line drawings compress nearly as well as at 6, several times faster.
PNG_COMPRESSION = 1


def on_white(rgba: np.ndarray) -> np.ndarray:
    """RGB for display: transparent parts shown as white paper (a transparent canvas
    with black ink would otherwise show as all black)."""
    rgb = np.ascontiguousarray(rgba[..., :3])
    alpha = rgba[..., 3]
    if alpha.min() == 255:  # opaque (photos, scans): nothing to composite
        return rgb
    # 255 - (255 - rgb) * a / 255, in OpenCV's saturating uint8 arithmetic (rounded): a
    # tenth of the float version's time on a canvas, which is shown again at every stroke.
    alpha3 = cv2.merge([alpha, alpha, alpha])
    return cv2.subtract(255, cv2.multiply(cv2.subtract(255, rgb), alpha3, scale=1 / 255))


def png_bytes(rgb: np.ndarray) -> bytes:
    """A PNG of an RGB (or grey) uint8 image for a page, encoded once and quickly: Streamlit
    would encode an array itself, then open and check the result again."""
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR) if rgb.ndim == 3 else rgb
    ok, encoded = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION])
    if not ok:
        raise ValueError(f"could not encode an image of shape {rgb.shape} as PNG")
    return encoded.tobytes()


def annotate(
    rgb: np.ndarray,
    boxes: list[tuple[int, int, int, int]],
    uncertain: list[bool] | None = None,
    ignored: list[tuple[int, int, int, int]] | None = None,
) -> np.ndarray:
    """A copy of the image with a numbered box (1, 2, ...) around each digit, in reading
    order; uncertain digits in amber; marks left out (`ignored`) in thin grey, under the
    digits' boxes. Line width and labels scale with the image."""
    picture = np.ascontiguousarray(rgb.copy())
    uncertain = uncertain or [False] * len(boxes)
    if len(uncertain) != len(boxes):
        raise ValueError(f"{len(boxes)} boxes but {len(uncertain)} uncertainty flags")
    for x, y, width, height in ignored or []:
        cv2.rectangle(picture, (x, y), (x + width - 1, y + height - 1), IGNORED_COLOUR, 1)
    thickness = max(2, round(max(picture.shape[:2]) / 300))
    font_scale = max(0.5, max(picture.shape[:2]) / 900)
    for number, ((x, y, width, height), unsure) in enumerate(zip(boxes, uncertain, strict=True), start=1):
        colour = LOW_CONFIDENCE_COLOUR if unsure else BOX_COLOUR
        cv2.rectangle(picture, (x, y), (x + width - 1, y + height - 1), colour, thickness)
        label = str(number)
        (label_width, label_height), baseline = cv2.getTextSize(
            label, cv2.FONT_HERSHEY_SIMPLEX, font_scale, 2
        )
        top = max(0, y - label_height - baseline - 2 * thickness)
        cv2.rectangle(
            picture,
            (x, top),
            (x + label_width + 2 * thickness, top + label_height + baseline + thickness),
            colour,
            -1,
        )
        cv2.putText(
            picture,
            label,
            (x + thickness, top + label_height + thickness),
            cv2.FONT_HERSHEY_SIMPLEX,
            font_scale,
            (255, 255, 255),
            2,
            cv2.LINE_AA,
        )
    return picture


# Digits whose boxes together span less than ZOOM_SHARE of the image both ways are shown
# zoomed in, ZOOMED_SIDE pixels along the longer side: in a whole photo of a number taken
# from afar, the boxes' numbered labels were as large as the digits and hid them.
ZOOM_SHARE = 0.35
ZOOMED_SIDE = 800

Box = tuple[int, int, int, int]


def zoomed_on(
    rgb: np.ndarray, boxes: list[Box], ignored: list[Box]
) -> tuple[np.ndarray, list[Box], list[Box], bool]:
    """Where `boxes` (x, y, width, height) together span under ZOOM_SHARE of the image's
    width and height, the part of the image around them (their median height of margin),
    its longer side brought to ZOOMED_SIDE pixels, with the boxes and the `ignored` marks
    that lie in it moved onto it, and True; else everything as given, and False."""
    if not boxes:
        return rgb, boxes, ignored, False
    left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
    right, bottom = max(box[0] + box[2] for box in boxes), max(box[1] + box[3] for box in boxes)
    image_height, image_width = rgb.shape[:2]
    if right - left >= ZOOM_SHARE * image_width or bottom - top >= ZOOM_SHARE * image_height:
        return rgb, boxes, ignored, False
    margin = int(np.median([box[3] for box in boxes]))
    x0, y0 = max(0, left - margin), max(0, top - margin)
    x1, y1 = min(image_width, right + margin), min(image_height, bottom + margin)
    factor = ZOOMED_SIDE / max(x1 - x0, y1 - y0)  # a column of digits is not made 10,000 tall
    part = cv2.resize(rgb[y0:y1, x0:x1], None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)

    def moved(box: Box) -> Box:
        return (
            round((box[0] - x0) * factor),
            round((box[1] - y0) * factor),
            round(box[2] * factor),
            round(box[3] * factor),
        )

    inside = [
        box
        for box in ignored
        if box[0] >= x0 and box[1] >= y0 and box[0] + box[2] <= x1 and box[1] + box[3] <= y1
    ]
    return part, [moved(box) for box in boxes], [moved(box) for box in inside], True


def data_url(png: bytes) -> str:
    """A PNG as a data: URL, for an image column of a table."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def on_black(ink: np.ndarray) -> np.ndarray:
    """Float ink in [0, 1] -> uint8 grey, ink white on black as MNIST shows it; small images
    enlarged with square pixels so that a 28-pixel frame is not a smudge."""
    grey = np.round(np.clip(ink, 0.0, 1.0) * 255).astype(np.uint8)
    factor = max(1, 112 // max(grey.shape))
    return upscale(grey, factor) if factor > 1 else grey


# Occlusion maps: red where hiding the ink lowers the reading, blue where it raises it.
HEAT_RED, HEAT_BLUE = np.array([220, 38, 38], np.float32), np.array([37, 99, 235], np.float32)


def heat_overlay(frame: np.ndarray, heat: np.ndarray, scale: int = 8) -> np.ndarray:
    """RGB uint8: the frame in grey (ink white on black, as MNIST shows it) with the map
    over it, each colour as strong as its share of the map's largest value."""
    limit = max(float(np.abs(heat).max()), 1e-9)
    strength = np.clip(np.abs(heat) / limit, 0.0, 1.0)[..., None]
    colour = np.where((heat >= 0)[..., None], HEAT_RED, HEAT_BLUE)
    grey = np.repeat(np.clip(frame, 0.0, 1.0)[..., None] * 255, 3, axis=2)
    blended = grey * (1 - 0.8 * strength) + colour * 0.8 * strength
    return upscale(np.round(blended).astype(np.uint8), scale)
