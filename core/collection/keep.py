"""A reading's digits, with the labels a person gave them, as digits to keep."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.collection.store import CollectionError, KeptDigit
from core.images import on_white, png_bytes
from core.reading import Reading

# Ink around a digit's box kept in its picture, as a share of the box's longer side.
CROP_MARGIN = 0.1


def frame_pixels(frame: np.ndarray) -> np.ndarray:
    """A reading's float frame in [0, 1] -> uint8, as MNIST stores its digits."""
    return np.round(np.clip(frame, 0.0, 1.0) * 255).astype(np.uint8)


def ink_picture(rgba: np.ndarray, box) -> bytes:
    """The digit as it was drawn or photographed, cropped to its box with a margin, as PNG."""
    margin = round(CROP_MARGIN * max(box.width, box.height))
    height, width = rgba.shape[:2]
    top, left = max(0, box.y - margin), max(0, box.x - margin)
    bottom, right = min(height, box.y + box.height + margin), min(width, box.x + box.width + margin)
    return png_bytes(on_white(np.ascontiguousarray(rgba[top:bottom, left:right])))


def labels_from_text(text: str) -> list[int]:
    """'2048' or '20 48' -> [2, 0, 4, 8]; anything but digits and spaces is refused."""
    cleaned = "".join(text.split())
    if not cleaned or not cleaned.isascii() or not cleaned.isdigit():
        raise CollectionError(f"Labels are the digits as written, such as 2048; {text!r} is not.")
    return [int(character) for character in cleaned]


def digits_to_keep(
    reading: Reading, rgba: np.ndarray | None, labels: Sequence[int], source: str
) -> list[KeptDigit]:
    """One KeptDigit per digit read, labelled with the person's `labels` (in reading order)."""
    if len(labels) != len(reading.digits):
        raise CollectionError(
            f"{len(labels)} labels were given for {len(reading.digits)} digits read: "
            "give one label per digit, in reading order."
        )
    return [
        KeptDigit(
            frame=frame_pixels(digit.frame),
            label=int(label),
            source=source,
            read_as=digit.digit,
            confidence=float(digit.confidence),
            model=reading.model,
            ink_png=None if rgba is None else ink_picture(rgba, digit.box),
        )
        for digit, label in zip(reading.digits, labels, strict=True)
    ]
