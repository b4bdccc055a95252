"""Small image helpers shared by the pages: tiling and crisp upscaling."""

from __future__ import annotations

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
