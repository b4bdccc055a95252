"""Counts in sentences: one digit, never "1 digits"."""

from __future__ import annotations

from core.wording import counted


def test_one_of_a_thing_is_singular_and_any_other_count_plural():
    assert counted(1, "digit") == "1 digit"
    assert counted(0, "digit") == "0 digits"
    assert counted(3, "digit") == "3 digits"
    assert counted(12_000, "image") == "12,000 images"
    assert counted(2, "speck", "specks of dust") == "2 specks of dust"
