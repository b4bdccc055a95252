"""The number reader on real images: `make bench-real` or `python -m benchmarks.real`.

Reads every image listed in `labels.json` of a folder of real photos, scans and
canvas drawings (default ../shared/data/real-dev, or $DIGITLAB_REAL_DIR), from
its file, so decoding counts in the time as it does for a user's upload. Prints
exact-number and digit accuracy by kind (photo, scan, canvas), single against
multi-digit numbers, whether the lines came out as labelled, median and p95
milliseconds, and every miss with what was read. The images are not ours to ship:
this reads them where they lie and copies nothing.

Labels join lines with a newline; "exact" compares the digits only (lines joined),
"lines" also compares the line breaks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.reader import digit_accuracy
from core.config import PROJECT_ROOT
from core.reading import ReadError, read_number

REAL_DIR_VARIABLE = "DIGITLAB_REAL_DIR"
DEFAULT_REAL_DIR = PROJECT_ROOT.parent / "shared" / "data" / "real-dev"
# SOURCES.md names a kind per file; the short names used in the table.
KINDS = {"paper photo": "photo", "scan": "scan", "canvas": "canvas"}


@dataclass(frozen=True)
class RealImage:
    path: Path
    truth: str  # lines joined by "\n"
    kind: str  # photo, scan, canvas or unknown


@dataclass(frozen=True)
class Result:
    image: RealImage
    read: str  # lines joined by "\n", or the error's message
    milliseconds: float
    failed: bool = False

    @property
    def exact(self) -> bool:
        return not self.failed and self.read.replace("\n", "") == self.image.truth.replace("\n", "")

    @property
    def lines_right(self) -> bool:
        return not self.failed and self.read == self.image.truth

    @property
    def digits(self) -> float:
        if self.failed:
            return 0.0
        return digit_accuracy(self.read.replace("\n", ""), self.image.truth.replace("\n", ""))


def real_dir() -> Path:
    return Path(os.environ.get(REAL_DIR_VARIABLE) or DEFAULT_REAL_DIR)


def kinds_from_sources(sources: Path) -> dict[str, str]:
    """File name -> kind, from the rows of SOURCES.md's table (`| r001.jpg | ... | kind | note |`)."""
    if not sources.is_file():
        return {}
    kinds = {}
    for line in sources.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and re.fullmatch(r"[\w.-]+\.\w+", cells[0]):
            kinds[cells[0]] = next((short for long, short in KINDS.items() if long in cells), "unknown")
    return kinds


def load_images(folder: Path) -> list[RealImage]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    kinds = kinds_from_sources(folder / "SOURCES.md")
    return [
        RealImage(folder / name, truth, kinds.get(name, "unknown"))
        for name, truth in sorted(labels.items())
        if (folder / name).is_file()
    ]


def read_all(images: list[RealImage]) -> list[Result]:
    read_number(images[0].path)  # warm-up: loading the model is not reading time
    results = []
    for image in images:
        started = time.perf_counter()
        try:
            text, failed = read_number(image.path).text, False
        except ReadError as error:
            text, failed = str(error), True
        results.append(Result(image, text, (time.perf_counter() - started) * 1000, failed))
    return results


def summary(results: list[Result]) -> str:
    groups = {"overall": results}
    for kind in ("photo", "scan", "canvas", "unknown"):
        groups[kind] = [result for result in results if result.image.kind == kind]
    groups["single digit"] = [result for result in results if len(result.image.truth) == 1]
    groups["multi-digit"] = [result for result in results if len(result.image.truth.replace("\n", "")) > 1]
    groups["several lines"] = [result for result in results if "\n" in result.image.truth]
    lines = [
        "| group | images | exact | digits | lines right | median ms | p95 ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, group in groups.items():
        if not group:
            continue
        times = [result.milliseconds for result in group]
        exact = sum(result.exact for result in group)
        lines.append(
            f"| {name} | {len(group)} | {exact}/{len(group)} ({exact / len(group):.1%}) "
            f"| {np.mean([result.digits for result in group]):.1%} "
            f"| {np.mean([result.lines_right for result in group]):.1%} "
            f"| {np.median(times):.1f} | {np.percentile(times, 95):.1f} |"
        )
    return "\n".join(lines)


def misses(results: list[Result]) -> str:
    rows = []
    for result in results:
        if result.exact and result.lines_right:
            continue
        mark = "lines only" if result.exact else "miss"
        read = ("error: " + result.read) if result.failed else result.read
        rows.append(
            f"- {result.image.path.name} ({result.image.kind}, {mark}): "
            f"truth {result.image.truth!r}, read {read!r}, {result.milliseconds:.0f} ms"
        )
    return "\n".join(rows) if rows else "(none)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folder", type=Path, default=None, help=f"default ${REAL_DIR_VARIABLE} or {DEFAULT_REAL_DIR}"
    )
    parser.add_argument("--output", type=Path, help="also write the markdown table here")
    arguments = parser.parse_args(argv)
    folder = arguments.folder or real_dir()
    if not (folder / "labels.json").is_file():
        print(
            f"No real images at {folder} (a folder with labels.json). Point {REAL_DIR_VARIABLE} "
            "at one to measure the reader on real input; nothing was measured."
        )
        return 0
    images = load_images(folder)
    if not images:
        print(f"{folder}/labels.json names no image that is in the folder; nothing was measured.")
        return 0
    results = read_all(images)
    print(f"{len(images)} real images from {folder}")
    table = summary(results)
    print(table)
    print("\nMisses (and numbers read right with the wrong lines):")
    print(misses(results))
    if arguments.output:
        arguments.output.write_text(table + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
