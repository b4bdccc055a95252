"""Time and memory of reading big photos: `python -m benchmarks.large_photo` (part of `make bench`).

Writes seeded phone-sized JPEGs of a number in fine pen on lit paper (12 and 36
megapixels), then, each in a fresh Python process so that nothing else is in its
memory: the median and p95 time of `read_number(path)` over several reads (decoding
included, model load excluded), and how much reading adds to the process's resident
memory at its peak (sampled every millisecond during the reads, against the size
after the model is loaded and warmed on a small image).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from benchmarks.synthetic import pen_drawing
from core.config import PROJECT_ROOT
from core.data import load_mnist

SIZES = {"12 MP": (4000, 3000), "36 MP": (6000, 6000)}

MEASURE = """
import json, os, sys, threading, time
import numpy as np
from core.reading import read_number

PAGE = os.sysconf("SC_PAGE_SIZE")

def resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE

path, repeats = sys.argv[1], int(sys.argv[2])
read_number(np.full((60, 60), 255, np.uint8))  # load and warm the model on a small image
baseline, peak, reading = resident(), [0], [True]

def sample() -> None:  # the process's resident size every millisecond while it reads
    while reading[0]:
        peak[0] = max(peak[0], resident())
        time.sleep(0.001)

sampler = threading.Thread(target=sample)
sampler.start()
times = []
for _ in range(repeats):
    started = time.perf_counter()
    text = read_number(path).text
    times.append((time.perf_counter() - started) * 1000)
reading[0] = False
sampler.join()
print(json.dumps({"text": text, "times": times, "added_mb": (peak[0] - baseline) / 2**20}))
"""


def write_photo(path: Path, size: tuple[int, int], text: str, seed: int) -> None:
    """`text` in MNIST test digits drawn with a 4-pixel pen, a tenth of the photo tall."""
    width, height = size
    rng = np.random.default_rng(seed)
    mnist = load_mnist()
    digit_height = height // 10
    glyphs = [
        pen_drawing(
            mnist.test_images[np.flatnonzero(mnist.test_labels == int(character))[seed]], digit_height, 4
        )
        for character in text
    ]
    gap = digit_height // 3
    strokes = np.zeros(
        (max(glyph.shape[0] for glyph in glyphs), sum(g.shape[1] for g in glyphs) + gap * len(glyphs))
    )
    x = 0
    for glyph in glyphs:
        strokes[: glyph.shape[0], x : x + glyph.shape[1]] = glyph
        x += glyph.shape[1] + gap
    ink = np.zeros((height, width), np.float32)
    top, left = (
        int(rng.integers(0, height - strokes.shape[0])),
        int(rng.integers(0, width - strokes.shape[1])),
    )
    ink[top : top + strokes.shape[0], left : left + strokes.shape[1]] = strokes
    columns = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    paper = 235 - 50 * columns  # light falling off across the page
    grey = paper * (1 - 0.85 * ink) + rng.normal(0, 3, (height, width)).astype(np.float32)
    rgb = cv2.cvtColor(np.clip(grey, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2RGB)
    Image.fromarray(rgb).save(path, format="JPEG", quality=88)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    arguments = parser.parse_args(argv)
    print("| photo | read | median ms | p95 ms | peak memory added (MB) |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for seed, (name, size) in enumerate(SIZES.items()):
            path = Path(folder) / f"photo-{seed}.jpg"
            write_photo(path, size, "2024", seed)
            result = subprocess.run(
                [sys.executable, "-c", MEASURE, str(path), str(arguments.repeats)],
                capture_output=True,
                text=True,
                cwd=PROJECT_ROOT,
                check=True,
            )
            measured = json.loads(result.stdout.strip().splitlines()[-1])
            times = measured["times"]
            print(
                f"| {name} ({size[0]} x {size[1]}) | {measured['text']!r} | {np.median(times):.0f} "
                f"| {np.percentile(times, 95):.0f} | {measured['added_mb']:.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
