"""Feature steps for the classic models: deskewing and flattening.

Deskewing (LeCun et al. list it beside their MNIST results) shears each digit so
that its main axis stands upright, computed from the image's second moments, as
in OpenCV's samples/python/digits.py. A slanted 1 and an upright 1 then share
most of their pixels, which helps every model that compares pixels directly.
"""

from __future__ import annotations

import cv2
import numpy as np

# Below this vertical variance (in pixels squared) an image is too flat to have a slant.
MINIMUM_VERTICAL_VARIANCE = 1e-2


def skew_of(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per image: the slant (horizontal shift per row) and the row of the centre of mass."""
    side_rows, side_columns = images.shape[1:]
    rows, columns = np.mgrid[0:side_rows, 0:side_columns].astype(np.float32)
    mass = images.sum(axis=(1, 2))
    safe_mass = np.where(mass > 0, mass, 1.0)
    mean_row = (images * rows).sum(axis=(1, 2)) / safe_mass
    mean_column = (images * columns).sum(axis=(1, 2)) / safe_mass
    row_offsets = rows[None] - mean_row[:, None, None]
    column_offsets = columns[None] - mean_column[:, None, None]
    covariance = (images * row_offsets * column_offsets).sum(axis=(1, 2)) / safe_mass
    vertical_variance = (images * row_offsets**2).sum(axis=(1, 2)) / safe_mass
    slant = np.where(
        vertical_variance > MINIMUM_VERTICAL_VARIANCE,
        covariance / np.maximum(vertical_variance, MINIMUM_VERTICAL_VARIANCE),
        0.0,
    )
    return slant.astype(np.float32), mean_row.astype(np.float32)


def deskew(images: np.ndarray) -> np.ndarray:
    """Shear each image (N, H, W) float32 so its slant is zero about its centre of mass."""
    slants, mean_rows = skew_of(images)
    height, width = images.shape[1:]
    straightened = np.empty_like(images)
    for index, (image, slant, mean_row) in enumerate(zip(images, slants, mean_rows, strict=True)):
        # Inverse map: the output pixel (x, y) reads the input at x + slant * (y - mean_row).
        shear = np.array([[1.0, slant, -slant * mean_row], [0.0, 1.0, 0.0]], dtype=np.float32)
        straightened[index] = cv2.warpAffine(
            image, shear, (width, height), flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR
        )
    return straightened


def deskew_and_flatten(images: np.ndarray) -> np.ndarray:
    """(N, 28, 28) floats in [0, 1] -> (N, 784) deskewed features."""
    return deskew(np.asarray(images, dtype=np.float32)).reshape(len(images), -1)
