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
EXIF_ORIENTATION = 0x0112
# Integers wider than 8 bits are stretched from the range they use onto 0..255, but
# over at least this range: 12-bit data or a faint 16-bit scan comes out with its
# full contrast, a flat 16-bit image's sensor noise does not turn into ink.
MIN_STRETCH_RANGE = 2048

ImageSource = np.ndarray | Image.Image | bytes | bytearray | str | os.PathLike

# What an upload may be, by file name ending: every format Pillow reads and the page offers.
IMAGE_SUFFIXES = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".webp": "WebP",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".gif": "GIF",
}
# Formats people try that hold no pixels Digit Lab can read, with the way out.
UNREADABLE_SUFFIXES = {
    ".svg": "an SVG file is a vector drawing, not pixels: export it as PNG",
    ".pdf": "a PDF is a document: take a screenshot of the page, or export it as PNG",
    ".heic": "HEIC photos cannot be read here: set the phone to save JPEG, or convert the photo",
    ".heif": "HEIF photos cannot be read here: set the phone to save JPEG, or convert the photo",
}


def upload_refusal(name: str, size_bytes: int, max_megabytes: float) -> str | None:
    """Why an uploaded file is refused before it is opened (wrong kind, too large), in
    words for the page; None when it may be read."""
    suffix = Path(name).suffix.lower()
    kinds = ", ".join(sorted(set(IMAGE_SUFFIXES.values())))
    if suffix in UNREADABLE_SUFFIXES:
        return f"{name} cannot be read: {UNREADABLE_SUFFIXES[suffix]}. Digit Lab reads {kinds}."
    if suffix not in IMAGE_SUFFIXES:
        return f"{name} is not an image Digit Lab reads. Upload a photo or scan as {kinds}."
    if size_bytes > max_megabytes * 1024 * 1024:
        return (
            f"{name} is {size_bytes / 1024 / 1024:.1f} MB, more than the {max_megabytes:g} MB "
            'Digit Lab takes. Crop it, or save it smaller (a phone\'s "medium" size is plenty).'
        )
    return None


def load_rgba(source: ImageSource) -> np.ndarray:
    """The image as uint8 (H, W, 4): colour plus alpha (255 where the source had none)."""
    return load_reduced(source, max_side=None)[0]


def load_reduced(source: ImageSource, max_side: int | None) -> tuple[np.ndarray, tuple[int, int]]:
    """The image as uint8 RGBA, upright, and its full (width, height) when upright.

    With `max_side`, a large JPEG is decoded already reduced (by 1/2, 1/4 or 1/8, as
    its DCT allows, never below `max_side` on the longer side): a 12-megapixel photo
    then costs a sixteenth of the time and memory. Other files are decoded whole, then
    reduced by a whole factor, never below `max_side`, before anything else is made of
    them. Arrays and PIL images come at full size.
    """
    if isinstance(source, np.ndarray):
        rgba = _array_to_rgba(source)
        return rgba, (rgba.shape[1], rgba.shape[0])
    if isinstance(source, Image.Image):
        rgba = _pil_to_rgba(source)
        return rgba, (rgba.shape[1], rgba.shape[0])
    if isinstance(source, bytes | bytearray):
        if not source:
            raise ImageInputError("The file is empty. Choose a PNG, JPEG, WebP, BMP, TIFF or GIF image.")
        return _open_and_convert(io.BytesIO(source), "The uploaded data", max_side)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise ImageInputError(f"No image file at {path}.")
        return _open_and_convert(path, path.name, max_side)
    raise ImageInputError(
        f"Cannot read an image from {type(source).__name__}; pass a numpy array, "
        "a PIL image, file bytes or a path."
    )


def _open_and_convert(file, label: str, max_side: int | None) -> tuple[np.ndarray, tuple[int, int]]:
    try:
        with warnings.catch_warnings():
            # We enforce our own, lower size limit below; Pillow's warning would only repeat it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                _check_size(image.width, image.height)
                full_size = _upright_size(image)
                if max_side is not None and image.format == "JPEG" and max(image.size) > 2 * max_side:
                    # Pillow picks the largest DCT reduction that keeps at least this size.
                    reduction = max(image.size) / max_side
                    # At least a pixel each way: a strip a few pixels tall would ask for
                    # none, and Pillow divides by the size asked for.
                    image.draft(
                        "RGB",
                        (max(1, int(image.width / reduction)), max(1, int(image.height / reduction))),
                    )
                image.seek(0)
                image.load()
                if max_side is not None:
                    image = _reduced(image, max_side)
                return _pil_to_rgba(image), full_size
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


# Modes Pillow's reduce() takes; others (palette, 16-bit) are converted first.
REDUCIBLE_MODES = {"L", "LA", "La", "RGB", "RGBA", "RGBa", "I", "F"}


def _reduced(image: Image.Image, max_side: int) -> Image.Image:
    """The decoded image shrunk by a whole factor (box averaging), never below `max_side`
    on the longer side, as a JPEG's reduced decoding does: a 36-megapixel PNG then goes
    on as 5 megapixels, not as the full RGBA array and its copies."""
    factor = max(image.size) // max_side
    if factor < 2:
        return image
    if image.mode not in REDUCIBLE_MODES:
        image = image.convert(
            "RGBA" if image.mode in ("P", "PA") else "I" if image.mode.startswith("I") else "RGB"
        )
    return image.reduce(factor)


def _check_size(width: int, height: int) -> None:
    if min(width, height) < MIN_SIDE:
        raise ImageInputError(f"The image is {width} x {height} pixels: it holds nothing to read.")
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageInputError(
            f"The image is {width:,} x {height:,} pixels, more than Digit Lab reads "
            f"({MAX_PIXELS // 1_000_000} megapixels, {MAX_SIDE:,} pixels a side). Crop or shrink it."
        )


def _upright_size(image: Image.Image) -> tuple[int, int]:
    """(width, height) once the EXIF orientation is applied (5 to 8 turn it a quarter)."""
    quarter_turn = image.getexif().get(EXIF_ORIENTATION, 1) in (5, 6, 7, 8)
    return (image.height, image.width) if quarter_turn else (image.width, image.height)


def _pil_to_rgba(image: Image.Image) -> np.ndarray:
    _check_size(image.width, image.height)
    if image.getexif().get(EXIF_ORIENTATION, 1) != 1:
        # Phones store photos sideways and say so in EXIF: stand them upright, whether the
        # caller opened the file or handed us the PIL image.
        image = ImageOps.exif_transpose(image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit and 32-bit greys: stretch the values actually used onto 0..255.
        return _array_to_rgba(np.asarray(image))
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode == "La":  # grey with premultiplied alpha: Pillow converts it only to LA
        image = image.convert("LA")
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
    low, high = values.min(), values.max()
    if np.issubdtype(array.dtype, np.integer) and low >= 0 and high <= 255:
        # 8-bit values in a wider type (`np.asarray(image, int)`, sums of uint8 arrays
        # cast up): stretched over MIN_STRETCH_RANGE, they came out nearly black, too
        # faint to be ink, and a clear drawing read as nothing.
        return array.astype(np.uint8)
    if high == low:  # one flat value: keep where it sits in its type's range (white stays white)
        top = np.iinfo(array.dtype).max if np.issubdtype(array.dtype, np.integer) else max(abs(high), 1.0)
        return np.full(array.shape, np.clip(round(255 * high / top), 0, 255), np.uint8)
    span = high - low
    if np.issubdtype(array.dtype, np.integer) and array.dtype.itemsize >= 2:
        span = max(span, MIN_STRETCH_RANGE)
    return np.round((values - low) * 255 / span).astype(np.uint8)


def _array_to_rgba(array: np.ndarray) -> np.ndarray:
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (2, 3, 4)):
        raise ImageInputError(
            f"Expected an image array of shape (H, W), (H, W, 2) grey and alpha, (H, W, 3) or "
            f"(H, W, 4), got {array.shape}."
        )
    _check_size(array.shape[1], array.shape[0])
    array = _to_uint8(array)
    if array.ndim == 2:
        rgba = np.empty((*array.shape, 4), np.uint8)
        rgba[..., :3] = array[..., None]
        rgba[..., 3] = 255
        return rgba
    if array.shape[2] == 2:  # grey and alpha, as Pillow's "LA" mode gives them
        return np.dstack([array[..., :1].repeat(3, axis=2), array[..., 1]])
    if array.shape[2] == 3:
        return np.dstack([array, np.full(array.shape[:2], 255, np.uint8)])
    return np.ascontiguousarray(array)
