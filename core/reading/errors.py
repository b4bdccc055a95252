"""The one error family of the reading package: every reading error is a ReadError.

Callers catch `ReadError` (a ValueError) and show its message, which always says
what to do; the subclasses tell apart what went wrong for tests and logs.
"""

from __future__ import annotations


class ReadError(ValueError):
    """A number could not be read from this input; the message says what to do instead."""


class ImageInputError(ReadError):
    """The input is not an image we can read."""


class SegmentationError(ReadError):
    """The image cannot be a handwritten number (hundreds of marks, say)."""
