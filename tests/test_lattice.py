"""The lattice that decides merges and splits: best path, priors, and the MNIST shape table."""

from __future__ import annotations

import numpy as np
import pytest

from core.data import load_mnist
from core.reading.lattice import (
    ASPECT_MEAN,
    ASPECT_STD,
    Edge,
    Weights,
    aspect_statistics,
    best_path,
    segment_score,
)


def one_hot(digit: int, confidence: float = 1.0) -> np.ndarray:
    probabilities = np.full(10, (1 - confidence) / 9, np.float32)
    probabilities[digit] = confidence
    return probabilities


def test_best_path_picks_the_highest_total_not_the_greedy_first_step():
    # Greedy would take the single-piece edge 0 (score -1) first and then be stuck
    # with the bad edge 1-3; the merge 0-2 followed by 2-3 is better overall.
    edges = [
        Edge(0, 1, -1.0, "a"),
        Edge(1, 2, -5.0, "b"),
        Edge(2, 3, -1.0, "c"),
        Edge(0, 2, -2.0, "ab"),
        Edge(1, 3, -4.0, "bc"),
    ]
    assert [edge.payload for edge in best_path(3, edges)] == ["ab", "c"]


def test_best_path_covers_every_piece_once_and_breaks_ties_by_order():
    edges = [Edge(0, 1, -1.0, "first"), Edge(0, 1, -1.0, "second"), Edge(1, 2, 0.0, "next")]
    path = best_path(2, edges)
    assert [edge.payload for edge in path] == ["first", "next"]
    assert [(edge.start, edge.stop) for edge in path] == [(0, 1), (1, 2)]


def test_best_path_refuses_edges_outside_the_line_and_gaps_in_the_cover():
    with pytest.raises(ValueError, match="outside"):
        best_path(2, [Edge(0, 3, 0.0, None)])
    with pytest.raises(ValueError, match="no chain"):
        best_path(3, [Edge(0, 1, 0.0, None), Edge(2, 3, 0.0, None)])


def test_a_confident_typical_digit_costs_only_the_digit_cost():
    weights = Weights()
    mean_aspect = float(np.exp(ASPECT_MEAN[7]))
    score = segment_score(
        one_hot(7), width=round(100 * mean_aspect), height=100, reference=100, weights=weights
    )
    assert score == pytest.approx(-weights.digit_cost, abs=0.01)


def test_priors_lower_the_score_of_unusual_readings():
    weights = Weights()

    def score(**changes):
        arguments = dict(probabilities=one_hot(0), width=80, height=100, reference=100, weights=weights)
        return segment_score(**{**arguments, **changes})

    assert score(probabilities=one_hot(0, 0.5)) == pytest.approx(score() + np.log(0.5), abs=1e-6)
    assert score(width=180) < score(width=120) < score()  # wider than a 0 is: two digits?
    assert score(bridged_gap=0.3) == pytest.approx(score() - 0.3 * weights.gap)
    assert score(tall_pieces=2) == pytest.approx(score() - weights.tall_merge)
    assert score(sure_pieces=2) == pytest.approx(score() - weights.sure_merge)


def test_a_one_is_never_too_thin_but_two_strokes_make_it_suspect():
    weights = Weights()
    thin = segment_score(one_hot(1), width=8, height=150, reference=150, weights=weights)
    typical = segment_score(one_hot(1), width=60, height=150, reference=150, weights=weights)
    assert thin == pytest.approx(typical, abs=0.05)
    doubled = segment_score(
        one_hot(1), width=60, height=150, reference=150, weights=weights, two_strokes=True
    )
    assert doubled == pytest.approx(typical - weights.two_strokes_one)


def test_aspect_statistics_on_hand_made_boxes():
    images = np.zeros((3, 28, 28), np.uint8)
    images[0, 4:24, 9:19] = 255  # 10 wide, 20 tall
    images[1, 4:24, 4:24] = 255  # square
    images[2, 4:24, 4:24] = 255
    means, stds = aspect_statistics(images, np.array([1, 0, 0]))
    assert means[1] == pytest.approx(np.log(0.5)) and stds[1] == 0.0
    assert means[0] == pytest.approx(0.0) and stds[0] == 0.0
    assert np.isnan(means[2:]).all()  # no examples of the other digits


def test_the_shape_table_matches_mnist():
    mnist = load_mnist()
    means, stds = aspect_statistics(mnist.train_images, mnist.train_labels)
    np.testing.assert_allclose(ASPECT_MEAN, means, atol=0.001)
    np.testing.assert_allclose(ASPECT_STD, stds, atol=0.001)
