"""The Why panel's cost and faithfulness: `make bench-explain` (`python -m benchmarks.explain`).

Time: for digits the reader read from the predictor's examples (MNIST test digits written
as strokes), the Why panel's work for one digit with the CNN: `core.explain.explain`
(occlusion, nearest training digits, framing steps, five probes), the occlusion picture
and the probe chart (as JSON, which is what Streamlit sends).
The neighbour index is built first (once per machine, then cached on disk) and not timed.

Faithfulness: over MNIST test digits, hide the 10% of a digit's ink that occlusion marks
most important, or 10% of its ink at random, and report the mean fall in the CNN's
confidence in its reading (the unit test asserts the same on 200 digits).
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.load import percentile
from core import charts, explain
from core.data import load_mnist
from core.examples import example_number
from core.images import heat_overlay, png_bytes
from core.models import SPECS
from core.reading import read_number


def timings(count: int) -> list[float]:
    mnist = load_mnist()
    explain.default_index()  # built or loaded once, as the app's cache does
    model = explain._model("cnn")
    names = {name: spec.display_name for name, spec in SPECS.items()}
    seconds = []
    seed = 0
    while len(seconds) < count:
        _, image = example_number(mnist.test_images, mnist.test_labels, seed)
        seed += 1
        for digit in read_number(image, model=model).digits[: count - len(seconds)]:
            started = time.perf_counter()
            why = explain.explain(digit.frame, digit.ink, digit.mask, model)
            png_bytes(heat_overlay(digit.frame, why.heat))
            # st.plotly_chart sends the figure as JSON: that is part of the cost.
            charts.probe_chart(why.probes["shift"], "shift", "pixels", why.digit, names).to_json()
            seconds.append(time.perf_counter() - started)
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--digits", type=int, default=100, help="digits whose Why panel is timed")
    parser.add_argument("--faithfulness-digits", type=int, default=1000)
    options = parser.parse_args(argv)
    started = time.perf_counter()
    explain.default_index()
    ready = time.perf_counter() - started
    print(f"neighbour index ready in {ready:.1f} s (cached on disk after the first build)")
    seconds = timings(options.digits)
    median, p95 = 1000 * statistics.median(seconds), 1000 * percentile(seconds, 0.95)
    print(
        f"Why panel, one digit, CNN ({len(seconds)} digits): median {median:.1f} ms, "
        f"p95 {p95:.1f} ms, max {1000 * max(seconds):.1f} ms"
    )
    digits = load_mnist().test_images[: options.faithfulness_digits]
    top, random = explain.faithfulness(digits, "cnn")
    print(
        f"Faithfulness ({options.faithfulness_digits} MNIST test digits, CNN): hiding the 10% of the ink "
        f"occlusion ranks highest lowers confidence by {top:.3f} on average; 10% of the ink at random, "
        f"by {random:.3f} ({top / max(random, 1e-9):.0f} times less)"
    )


if __name__ == "__main__":
    main()
