"""Counts in sentences the pages and the command line show: "1 digit", "3 digits"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and its noun, singular for exactly one: counted(1, "digit") -> "1 digit"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
