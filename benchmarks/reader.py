"""Benchmark of the number reader: `make bench` or `python -m benchmarks.reader`.

Builds the seeded synthetic set (benchmarks/synthetic.py, MNIST test digits only),
reads every image with core.reading.reader.read_number, and prints per family and overall:
exact-number accuracy, digit accuracy (1 - edit distance / length, at least 0), for
ours the share of misses with a digit flagged (low confidence: a miss the reader warns
of rather than passes as sure), and median / p95 milliseconds per image after a
warm-up (model load excluded).
Beside ours, on the same images: a naive baseline (full-height column split, no
centring, Keras predict() per digit) and Tesseract when it is installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

from benchmarks.synthetic import FAMILIES, Sample, family_samples
from core.data import load_mnist
from core.reading.image_input import load_rgba
from core.reading.reader import read_number


def edit_distance(first: str, second: str) -> int:
    previous = list(range(len(second) + 1))
    for row, first_char in enumerate(first, start=1):
        current = [row]
        for column, second_char in enumerate(second, start=1):
            current.append(
                min(
                    previous[column] + 1,
                    current[column - 1] + 1,
                    previous[column - 1] + (first_char != second_char),
                )
            )
        previous = current
    return previous[-1]


def digit_accuracy(read: str, truth: str) -> float:
    return max(0.0, 1.0 - edit_distance(read, truth) / len(truth))


def ours(sample: Sample) -> tuple[str, bool]:
    """The number read, and whether any digit of it is flagged."""
    reading = read_number(sample.image)
    return reading.text, any(digit.low_confidence for digit in reading.digits)


def naive_reader():
    """Column split over the full height, squash to 28x28, one predict() per digit."""
    from core.models import load_keras_model

    model = load_keras_model("cnn").model

    def read(sample: Sample) -> str:
        rgba = load_rgba(sample.image)
        grey = (rgba[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114])).astype(np.float32)
        ink = 255 - grey if grey.mean() > 127 else grey
        mask = ink > 128
        columns = mask.any(axis=0)
        text, start = "", None
        for x, inked in enumerate([*columns, False]):
            if inked and start is None:
                start = x
            elif not inked and start is not None:
                crop = ink[:, start:x]
                frame = cv2.resize(crop, (28, 28), interpolation=cv2.INTER_AREA) / 255.0
                probabilities = model.predict(frame[None, ..., None], verbose=0)
                text += str(int(probabilities.argmax()))
                start = None
        return text

    return read


TESSERACT_TIMEOUT_SECONDS = 30


def tesseract_reader():
    if shutil.which("tesseract") is None:
        return None

    def read(sample: Sample) -> str:
        from PIL import Image

        rgba = load_rgba(sample.image)
        alpha = rgba[..., 3:4].astype(np.float32) / 255
        rgb = rgba[..., :3] * alpha + 255 * (1 - alpha)  # transparent canvas onto white
        with tempfile.NamedTemporaryFile(suffix=".png") as file:
            Image.fromarray(rgb.astype(np.uint8)).save(file.name)
            try:
                result = subprocess.run(
                    ["tesseract", file.name, "stdout", "--psm", "7"]
                    + ["-c", "tessedit_char_whitelist=0123456789"],
                    capture_output=True,
                    text=True,
                    timeout=TESSERACT_TIMEOUT_SECONDS,
                )
            except subprocess.TimeoutExpired:
                return ""  # scored as nothing read: on a busy machine one image once took longer
        return "".join(character for character in result.stdout if character.isdigit())

    return read


def run(reader, samples: list[Sample]) -> dict[str, dict[str, float | None]]:
    """Each family's figures for a reader that returns the text read, or the text and
    whether a digit of it was flagged ("misses_flagged": None where it says nothing, NaN
    where it missed nothing)."""
    reader(samples[0])  # warm-up: loading the model is not reading time
    by_family: dict[str, list[tuple[bool, float, float, bool | None]]] = defaultdict(list)
    for sample in samples:
        started = time.perf_counter()
        answer = reader(sample)
        elapsed_ms = (time.perf_counter() - started) * 1000
        text, flagged = answer if isinstance(answer, tuple) else (answer, None)
        by_family[sample.family].append(
            (text == sample.truth, digit_accuracy(text, sample.truth), elapsed_ms, flagged)
        )
    by_family["overall"] = [row for family in FAMILIES for row in by_family.get(family, [])]
    return {family: _figures(rows) for family, rows in by_family.items()}


def _figures(rows: list[tuple[bool, float, float, bool | None]]) -> dict[str, float | None]:
    misses = [flagged for right, _, _, flagged in rows if not right]
    if any(flagged is None for _, _, _, flagged in rows):
        misses_flagged = None
    else:
        misses_flagged = float(np.mean(misses)) if misses else float("nan")
    return {
        "exact": float(np.mean([row[0] for row in rows])),
        "digits": float(np.mean([row[1] for row in rows])),
        "misses_flagged": misses_flagged,
        "median_ms": float(np.median([row[2] for row in rows])),
        "p95_ms": float(np.percentile([row[2] for row in rows], 95)),
        "images": len(rows),
    }


def table(results: dict[str, dict[str, dict[str, float | None]]]) -> str:
    names = list(results)
    # "misses flagged" only for a reader that flags digits (ours).
    flags = {name: results[name]["overall"]["misses_flagged"] is not None for name in names}
    columns = {
        name: ["exact", "digits", *(["misses flagged"] if flags[name] else []), "median ms", "p95 ms"]
        for name in names
    }
    header = "| family | images | " + " | ".join(
        f"{name} {column}" for name in names for column in columns[name]
    )
    lines = [header + " |", "|" + " --- |" * (2 + sum(len(columns[name]) for name in names))]
    for family in [family for family in [*FAMILIES, "overall"] if family in results[names[0]]]:
        cells = [family, str(results[names[0]][family]["images"])]
        for name in names:
            row = results[name].get(family)
            if row is None:
                cells += [""] * len(columns[name])
                continue
            cells += [f"{row['exact']:.1%}", f"{row['digits']:.1%}"]
            if flags[name]:
                share = row["misses_flagged"]
                cells.append("no miss" if np.isnan(share) else f"{share:.0%}")
            cells += [f"{row['median_ms']:.1f}", f"{row['p95_ms']:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-family", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baselines", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--output", type=Path, help="also write the markdown table here")
    parser.add_argument(
        "--families",
        default=",".join(FAMILIES),
        help="comma-separated (default: all); each reads its own images",
    )
    arguments = parser.parse_args(argv)
    families = [family for family in arguments.families.split(",") if family]
    unknown = sorted(set(families) - set(FAMILIES))
    if unknown:
        parser.error(f"unknown families: {', '.join(unknown)} (known: {', '.join(FAMILIES)})")

    dataset = load_mnist()
    samples = [
        sample
        for family in families
        for sample in family_samples(dataset, family, arguments.per_family, arguments.seed)
    ]
    print(f"{len(samples)} images, {arguments.per_family} per family, seed {arguments.seed}", flush=True)
    results = {"Digit Lab": run(ours, samples)}
    print(table(results), flush=True)
    if arguments.baselines:
        results["naive"] = run(naive_reader(), samples)
        tesseract = tesseract_reader()
        if tesseract is not None:
            results["Tesseract"] = run(tesseract, samples)
        else:
            print("Tesseract is not installed (apt-get install tesseract-ocr); its columns are left out.")
        print(table(results), flush=True)
    if arguments.output:
        arguments.output.write_text(table(results) + "\n")


if __name__ == "__main__":
    main()
