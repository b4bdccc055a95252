"""Photos of blank pages: `python -m benchmarks.blank_photos` (part of `make bench`).

Each photo family of `benchmarks.synthetic`, generated blank (`generate(...,
blank=True)`): the same paper, light, shadows, rules, folds, desk and grain as its
numbers, the back page showing through where the family has it, and no writing. A
blank page should read as nothing. Prints, per family, how many read as nothing, how
many the reader refused with a message, how many as digits all flagged
low-confidence, and how many with at least one digit the reader is sure of, with
what those were read as.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from benchmarks.synthetic import generate
from core.data import load_mnist
from core.reading import ReadError, read_number

# The families that photograph paper (the rest draw on a canvas, blank by construction).
PHOTO_FAMILIES = (
    "photo",
    "ruled",
    "shadow",
    "large_thin",
    "lines",
    "blur",
    "marked",
    "closeup",
    "dim",
    "fold",
    "tilted",
    "desk",
    "forms",  # an empty form: its boxes alone
    "turned_ruled",
    "squared",
    "thin_paper",  # the back page's number alone, 12 to 30% darker than the paper
    "crumpled",  # creases from edge to edge alone
)


def blank_readings(per_family: int, seed: int, families: Sequence[str] = PHOTO_FAMILIES) -> dict[str, list]:
    """Family -> one (outcome, text read) per blank photo; the outcome is "nothing",
    "flagged" (every digit read low-confidence), "sure" (a digit the reader is sure of)
    or "refused" (a ReadError, whose message says what to do)."""
    dataset = load_mnist()
    readings: dict[str, list] = {}
    for family in families:
        rows = []
        for sample in generate(dataset, per_family, seed=seed, families=(family,), blank=True):
            if not isinstance(sample.image, bytes):  # `marked` draws half its underlined numbers
                continue
            try:
                reading = read_number(sample.image)
            except ReadError:
                rows.append(("refused", ""))
                continue
            sure = any(not digit.low_confidence for digit in reading.digits)
            rows.append(("sure" if sure else "flagged" if reading.digits else "nothing", reading.text))
        readings[family] = rows
    return readings


OUTCOMES = ("nothing", "refused", "flagged", "sure")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-family", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--families", default=",".join(PHOTO_FAMILIES), help="comma-separated")
    arguments = parser.parse_args(argv)
    readings = blank_readings(arguments.per_family, arguments.seed, arguments.families.split(","))
    print(f"Blank photos, seed {arguments.seed}: what each family's paper alone is read as\n")
    print("| family | photos | nothing | refused | flagged digits only | a sure digit | e.g. (sure) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    totals = dict.fromkeys(OUTCOMES, 0)
    for family, rows in readings.items():
        counts = {outcome: sum(row[0] == outcome for row in rows) for outcome in OUTCOMES}
        totals = {outcome: totals[outcome] + counts[outcome] for outcome in OUTCOMES}
        examples = ", ".join(text.replace("\n", "/") for outcome, text in rows if outcome == "sure")
        cells = " | ".join(str(counts[outcome]) for outcome in OUTCOMES)
        print(f"| {family} | {len(rows)} | {cells} | {examples[:60]} |")
    cells = " | ".join(str(totals[outcome]) for outcome in OUTCOMES)
    print(f"| **all** | {sum(totals.values())} | {cells} | |")


if __name__ == "__main__":
    main()
