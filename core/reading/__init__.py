"""Reading handwritten numbers: image input, segmentation, framing, the lattice, the reader.

The public surface is here: `read_number(image) -> Reading`, its parts (`DigitReading`,
`DigitBox`, `IgnoredMark`), the image loaders, and one error base class, `ReadError`, that every reading
error subclasses. Modules inside the package are steps of the pipeline:

    image_input  any image -> RGBA (EXIF orientation, 16-bit, sizes checked)
    page         a sheet photographed on a desk: the desk painted over as paper
    segment      ink map, mask, components, merges, lines
    framing      one digit's ink -> the 28x28 MNIST frame
    lattice      the best way to join and cut a line's pieces into digits
    verifier     "is this one digit?", the second opinion on joins and cuts
    reader       the steps together
"""

from core.reading.errors import ImageInputError, ReadError, SegmentationError
from core.reading.image_input import IMAGE_SUFFIXES, load_reduced, load_rgba, upload_refusal
from core.reading.reader import (
    LOW_CONFIDENCE,
    NO_DIGITS,
    NO_DIGITS_FAINT,
    NOT_SERVED,
    DigitBox,
    DigitReading,
    IgnoredMark,
    Reading,
    read_number,
)
from core.reading.segment import WORKING_MAX_SIDE

__all__ = [
    "IMAGE_SUFFIXES",
    "LOW_CONFIDENCE",
    "NOT_SERVED",
    "NO_DIGITS",
    "NO_DIGITS_FAINT",
    "WORKING_MAX_SIDE",
    "DigitBox",
    "DigitReading",
    "IgnoredMark",
    "ImageInputError",
    "ReadError",
    "Reading",
    "SegmentationError",
    "load_reduced",
    "load_rgba",
    "read_number",
    "upload_refusal",
]
