"""Turning whatever a user hands us into an RGBA array, or a clear error.

Accepted: numpy arrays (H, W), (H, W, 3), (H, W, 4) of uint8 (or uint16, as
16-bit scans come), PIL images, raw file bytes, and paths. Files of any type and
mode Pillow reads (PNG, JPEG, WebP, BMP, TIFF, GIF; L, LA, P, RGB, RGBA, I;16):
phone photos are turned upright by their EXIF orientation, animations give their
first frame, and sizes past MAX_PIXELS are refused before decoding (a
decompression bomb declares a huge size in a tiny file).
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from core.reading.errors import ImageInputError

# 40 megapixels covers any phone photo; past it we refuse before decoding.
MAX_PIXELS = 40_000_000
MAX_SIDE = 50_000
MIN_SIDE = 1

ImageSource = np.ndarray | Image.Image | bytes | bytearray | str | os.PathLike


def load_rgba(source: ImageSource) -> np.ndarray:
    """The image as uint8 (H, W, 4): colour plus alpha (255 where the source had none)."""
    if isinstance(source, np.ndarray):
        return _array_to_rgba(source)
    if isinstance(source, Image.Image):
        return _pil_to_rgba(source)
    if isinstance(source, bytes | bytearray):
        if not source:
            raise ImageInputError("The file is empty. Choose a PNG, JPEG, WebP, BMP, TIFF or GIF image.")
        return _open_and_convert(io.BytesIO(source), "The uploaded data")
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise ImageInputError(f"No image file at {path}.")
        return _open_and_convert(path, path.name)
    raise ImageInputError(
        f"Cannot read an image from {type(source).__name__}; pass a numpy array, "
        "a PIL image, file bytes or a path."
    )


def _open_and_convert(file, label: str) -> np.ndarray:
    try:
        with warnings.catch_warnings():
            # We enforce our own, lower size limit below; Pillow's warning would only repeat it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                _check_size(image.width, image.height)
                image.seek(0)
                image.load()
                return _pil_to_rgba(ImageOps.exif_transpose(image))
    except ImageInputError:
        raise
    except Image.DecompressionBombError as error:
        raise ImageInputError(f"{label} declares an enormous size; it is refused. ({error})") from error
    except UnidentifiedImageError as error:
        raise ImageInputError(
            f"{label} is not an image Digit Lab can read. Use a PNG, JPEG, WebP, BMP, TIFF or GIF file."
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        # Pillow raises OSError for truncated data, SyntaxError for some broken headers.
        raise ImageInputError(
            f"{label} is damaged or incomplete ({error}). Save or export the image again and retry."
        ) from error


def _check_size(width: int, height: int) -> None:
    if min(width, height) < MIN_SIDE:
        raise ImageInputError(f"The image is {width} x {height} pixels: it holds nothing to read.")
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageInputError(
            f"The image is {width:,} x {height:,} pixels, more than Digit Lab reads "
            f"({MAX_PIXELS // 1_000_000} megapixels, {MAX_SIDE:,} pixels a side). Crop or shrink it."
        )


def _pil_to_rgba(image: Image.Image) -> np.ndarray:
    _check_size(image.width, image.height)
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit and 32-bit greys: stretch the values actually used onto 0..255.
        return _array_to_rgba(np.asarray(image))
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    return np.asarray(image.convert("RGBA"), dtype=np.uint8).copy()


def _to_uint8(array: np.ndarray) -> np.ndarray:
    if array.dtype == np.uint8:
        return array
    if array.dtype == np.bool_:
        return array.astype(np.uint8) * 255
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise ImageInputError(f"Image arrays must hold numbers, got dtype {array.dtype}.")
    values = array.astype(np.float64)
    if not np.isfinite(values).all():
        raise ImageInputError("The image array contains NaN or infinite values.")
    if np.issubdtype(array.dtype, np.floating) and values.min() >= 0.0 and values.max() <= 1.0:
        return np.round(values * 255).astype(np.uint8)
    if np.issubdtype(array.dtype, np.unsignedinteger) and array.dtype.itemsize == 2:
        return (values / 257.0).round().astype(np.uint8)  # full 16-bit range onto 8 bits
    low, high = values.min(), values.max()
    if high == low:
        return np.zeros(array.shape, np.uint8)
    return np.round((values - low) * 255 / (high - low)).astype(np.uint8)


def _array_to_rgba(array: np.ndarray) -> np.ndarray:
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise ImageInputError(
            f"Expected an image array of shape (H, W), (H, W, 3) or (H, W, 4), got {array.shape}."
        )
    _check_size(array.shape[1], array.shape[0])
    array = _to_uint8(array)
    if array.ndim == 2:
        rgba = np.empty((*array.shape, 4), np.uint8)
        rgba[..., :3] = array[..., None]
        rgba[..., 3] = 255
        return rgba
    if array.shape[2] == 3:
        return np.dstack([array, np.full(array.shape[:2], 255, np.uint8)])
    return np.ascontiguousarray(array)
