"""Choosing how a line of ink splits into digits: the best path through a lattice.

A line holds pieces of ink, left to right. Each way of reading a stretch of them
is an edge: one piece as one digit, several neighbouring pieces as one digit (a
stroke broken where the pen lifted), or one piece as two digits (touching
neighbours). Every edge has a score, the log-probability the classifier gives the
digits it reads plus priors on their shape (see `segment_score`); the reading is
the path from the first piece to the last with the highest total score. Greedy
rules (split when the halves read better, then merge, then split again) cannot
trade one decision against its neighbours; a path can.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

Payload = TypeVar("Payload")

# The shape of MNIST digits, to judge whether a piece is plausible as the digit it
# reads as: mean and standard deviation of log(width / height) of each digit's box
# (pixels above 40), over the 60,000 training images. Measured by
# `core.reading.lattice.aspect_statistics(load_mnist().train_images, load_mnist().train_labels)`;
# tests/test_lattice.py checks these figures against the data.
ASPECT_MEAN = (-0.099, -0.896, -0.066, -0.222, -0.230, -0.070, -0.311, -0.251, -0.268, -0.378)
ASPECT_STD = (0.188, 0.446, 0.208, 0.205, 0.205, 0.247, 0.211, 0.209, 0.214, 0.202)
ASPECT_INK_LEVEL = 40


def aspect_statistics(images: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per digit, mean and standard deviation of log(box width / box height)."""
    inked = images > ASPECT_INK_LEVEL
    rows, columns = inked.any(axis=2), inked.any(axis=1)

    def span(occupied: np.ndarray) -> np.ndarray:
        first = occupied.argmax(axis=1)
        last = occupied.shape[1] - 1 - occupied[:, ::-1].argmax(axis=1)
        return last - first + 1

    log_aspect = np.log(span(columns) / span(rows))
    means, stds = np.full(10, np.nan), np.full(10, np.nan)  # nan: no example of that digit
    for digit in np.unique(labels):
        means[digit] = log_aspect[labels == digit].mean()
        stds[digit] = log_aspect[labels == digit].std()
    return means, stds


@dataclass(frozen=True)
class Weights:
    """How much each prior counts against the classifier's log-probability (in nats).

    Tuned by grid search with `python -m benchmarks.tune` on a development set (the
    benchmark's generator, seed 1, 50 then 100 images per family), never on the
    reported benchmark (seed 0), and checked again after the CNN was retrained with
    pen lifts: digit_cost 2.0/2.5/3.0 x tall_merge 1.5/2.5 x aspect 0.25/0.4 on 200
    images per family, these defaults read best, 96.5% exact numbers. sure_merge was
    added later at digit_cost's value: every family of development seeds 1 and 2 (100
    images each) read exactly as without it, and two sure digits side by side ("23",
    "98" in mouse strokes, the small one two thirds as tall) were no longer joined.
    """

    digit_cost: float = 2.5  # each extra digit read must earn this much
    aspect: float = 0.25  # times z^2 / 2 of the box's log-aspect under the digit's MNIST shape
    wide: float = 1.0  # per unit of width / height beyond WIDE_ASPECT (two digits side by side)
    gap: float = 8.0  # per reference height of blank gap bridged by one digit
    two_strokes_one: float = 3.0  # a "1" drawn with two separate strokes side by side
    # Per extra piece joined into one digit that looks whole: full height, or a digit
    # other than 1 that both networks are sure of (see `sure_merge`).
    tall_merge: float = 2.5
    # ... and more per extra piece that both networks are sure is a whole digit other
    # than 1 (a small 2 beside a 3 is no fragment of it; a broken-off stroke reads as a 1)
    sure_merge: float = 2.5
    verifier: float = 1.0  # times the log-probability the verifier gives "one whole digit"


WIDE_ASPECT = 1.0
WIDE_MIN_HEIGHT = 0.6
# A piece at least this share of the reference height is a full-height piece.
TALL_SHARE = 0.7
ASPECT_PENALTY_CAP = 8.0
NARROW_TOLERANCE = 2.0
# The verifier's probability is floored here: one candidate costs at most about 9 nats.
ONE_DIGIT_FLOOR = 1e-4


def segment_score(
    probabilities: np.ndarray,
    width: int,
    height: int,
    reference: float,
    weights: Weights,
    bridged_gap: float = 0.0,
    two_strokes: bool = False,
    tall_pieces: int = 1,
    one_digit: float = 1.0,
    sure_pieces: int = 1,
) -> float:
    """Score of reading one candidate, `width` x `height` pixels, as one digit.

    `reference` is the height of a typical digit of the image, `bridged_gap` the
    blank gaps a merge joins, in reference heights, `two_strokes` whether most rows
    cross two separate strokes (two touching 1s, never one 1), and `tall_pieces` how
    many of the joined pieces are full digit height (fragments of one digit rarely are),
    `one_digit` the verifier's probability that the candidate is one whole digit, and
    `sure_pieces` how many of the joined pieces (or of the digits a cut shows inside a
    piece) are whole digits that both networks are sure of.
    """
    digit = int(np.argmax(probabilities))
    score = float(np.log(max(float(probabilities[digit]), 1e-9))) - weights.digit_cost
    z = (np.log(width / height) - ASPECT_MEAN[digit]) / ASPECT_STD[digit]
    if digit == 1:
        # A 1 is one stroke: MNIST's 20-pixel box cannot show one thinner than about a
        # fifth of its height, but a pen can, so only a wide 1 is unusual.
        z = max(z, 0.0)
    elif z < 0:
        # People write narrower than MNIST's writers did (a 0 or an 8 drawn with the
        # mouse can be a third as wide as tall): narrowness counts NARROW_TOLERANCE times
        # less than width, or two narrow digits joined would beat each read alone.
        z /= NARROW_TOLERANCE
    score -= weights.aspect * min(z * z / 2, ASPECT_PENALTY_CAP)
    # Against the line's digit height, so a wide but short dash counts as narrow.
    wide_aspect = width / max(height, WIDE_MIN_HEIGHT * reference)
    score -= weights.wide * max(0.0, wide_aspect - WIDE_ASPECT)
    score -= weights.gap * max(0.0, bridged_gap)
    score -= weights.tall_merge * max(0, tall_pieces - 1)
    score -= weights.sure_merge * max(0, sure_pieces - 1)
    if digit == 1 and two_strokes:
        score -= weights.two_strokes_one
    score += weights.verifier * float(np.log(max(one_digit, ONE_DIGIT_FLOOR)))
    return score


@dataclass(frozen=True)
class Edge(Generic[Payload]):
    """Reading pieces [start, stop) of a line as `payload` (one digit or more), with `score`."""

    start: int
    stop: int
    score: float
    payload: Payload


def best_path(count: int, edges: Sequence[Edge[Payload]]) -> list[Edge[Payload]]:
    """The highest-scoring chain of edges from piece 0 to piece `count`.

    Every piece must be covered exactly once; callers always include the one-piece
    edges, so a path exists. Ties go to the edge listed first.
    """
    best = [-np.inf] * (count + 1)
    chosen: list[Edge[Payload] | None] = [None] * (count + 1)
    best[0] = 0.0
    ending_at: dict[int, list[Edge[Payload]]] = {}
    for edge in edges:
        if not 0 <= edge.start < edge.stop <= count:
            raise ValueError(f"edge [{edge.start}, {edge.stop}) outside 0..{count}")
        ending_at.setdefault(edge.stop, []).append(edge)
    for stop in range(1, count + 1):
        for edge in ending_at.get(stop, []):
            total = best[edge.start] + edge.score
            if total > best[stop]:
                best[stop], chosen[stop] = total, edge
    if chosen[count] is None:
        raise ValueError("no chain of edges covers every piece")
    path = []
    position = count
    while position > 0:
        edge = chosen[position]
        path.append(edge)
        position = edge.start
    return path[::-1]
