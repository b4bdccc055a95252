"""The synthetic benchmark's generator draws what each family says it draws."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from benchmarks.synthetic import FAMILIES, Generator, crumpled_light
from core.data import load_mnist
from core.examples import render_digit, trimmed_to_ink
from core.reading.image_input import load_rgba


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def _joined_neighbours(family: str, mnist, count: int = 30) -> tuple[int, int]:
    """(neighbouring pairs of digits, how many of them run into one piece of ink) over
    `count` numbers of the family (the ink is dark or light on an even canvas)."""
    generator = Generator(mnist, FAMILIES.index(family))
    pairs = joined = 0
    for _ in range(count):
        sample = getattr(generator, family)()
        grey = np.asarray(sample.image)[..., :3].mean(axis=2)
        ink = np.abs(grey - np.median(grey[:4])) > 60
        pieces = cv2.connectedComponents(ink.astype(np.uint8))[0] - 1
        pairs += len(sample.truth) - 1
        joined += max(0, len(sample.truth) - pieces)
    return pairs, joined


@pytest.mark.parametrize("family", ["touching", "overlap", "small_touching", "drawn_touching"])
def test_touching_families_draw_digits_whose_ink_runs_together(family, mnist):
    pairs, joined = _joined_neighbours(family, mnist)
    assert joined >= 0.4 * pairs  # until 2026-12-03 their gaps were between glyph boxes: none touched


def test_clean_numbers_keep_their_digits_apart(mnist):
    _, joined = _joined_neighbours("clean", mnist)
    assert joined == 0


def test_trimmed_glyph_keeps_all_its_ink_and_no_blank_side(mnist):
    glyph = render_digit(mnist.test_images[0], 100, 0.4)
    trimmed = trimmed_to_ink(glyph)
    assert trimmed.shape[0] == glyph.shape[0] and trimmed.shape[1] < glyph.shape[1]
    assert trimmed.sum() == pytest.approx(glyph.sum(), rel=1e-3)
    assert trimmed[:, 0].max() > 0.05 and trimmed[:, -1].max() > 0.05


@pytest.mark.parametrize(
    "family",
    ["photo", "shadow", "dim", "ruled", "forms", "turned_ruled", "squared", "thin_paper", "crumpled"],
)
def test_a_blank_photo_is_its_numbers_photo_without_the_ink(family, mnist):
    """The same random draws, so the same paper, light and grain: the two photos differ
    only where the number's photo has ink, darker there."""
    seed = FAMILIES.index(family)
    written = getattr(Generator(mnist, seed), family)()
    blank = getattr(Generator(mnist, seed, blank=True), family)()
    assert blank.truth == written.truth
    written_grey, blank_grey = (
        cv2.imdecode(np.frombuffer(sample.image, np.uint8), cv2.IMREAD_GRAYSCALE).astype(np.int16)
        for sample in (written, blank)
    )
    assert written_grey.shape == blank_grey.shape
    assert np.mean(blank_grey - written_grey > 40) > 0.005  # the ink
    assert np.mean(written_grey - blank_grey > 40) < 0.001


def test_squared_runs_an_upright_line_of_the_page_down_the_first_ones_ink(mnist):
    """On its blank photo (the same paper), the page's upright lines are thin and darker
    than the paper beside them. Where the number holds a 1, the darkest such column over
    the 1's columns, above the number, lies in the middle third of the 1's ink."""
    seed = FAMILIES.index("squared")
    written, blank = Generator(mnist, seed), Generator(mnist, seed, blank=True)
    with_a_one = 0
    for _ in range(12):
        sample = written.squared()
        photo, paper = (
            cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_GRAYSCALE).astype(np.int16)
            for image in (sample.image, blank.squared().image)
        )
        if "1" not in sample.truth:
            continue
        with_a_one += 1
        ink = paper - photo > 40
        columns = np.flatnonzero(ink.any(axis=0))
        digits = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)  # left to right
        assert len(digits) == len(sample.truth)
        one = digits[sample.truth.index("1")]
        top = np.flatnonzero(ink.any(axis=1))[0]
        thin_dark = cv2.morphologyEx(paper.astype(np.uint8), cv2.MORPH_BLACKHAT, np.ones((1, 9), np.uint8))
        darkest = one[0] + int(np.argmax(thin_dark[:top, one[0] : one[-1] + 1].mean(axis=0)))
        third = (one[-1] - one[0]) / 3
        assert one[0] + third - 2 <= darkest <= one[-1] - third + 2
    assert with_a_one >= 3


def test_turned_ruled_photographs_a_ruled_page_turned_by_3_to_9_degrees_with_its_number_whole(mnist):
    """The page's long lines (on its blank photo: the same paper) lie 3 to 9 degrees off
    level or upright, give or take `ruled`'s own tilt of the rules (up to 1.2 degrees),
    and the number's ink stays clear of the photo's edges."""
    seed = FAMILIES.index("turned_ruled")
    written, blank = Generator(mnist, seed), Generator(mnist, seed, blank=True)
    angles = []
    for _ in range(8):
        photo, paper = (
            cv2.imdecode(np.frombuffer(generator.turned_ruled().image, np.uint8), cv2.IMREAD_GRAYSCALE)
            for generator in (written, blank)
        )
        thin_dark = cv2.morphologyEx(paper, cv2.MORPH_BLACKHAT, np.ones((9, 9), np.uint8))
        lines = (thin_dark > 15).astype(np.uint8)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(lines)
        for label in range(1, count):
            length = max(stats[label, cv2.CC_STAT_WIDTH], stats[label, cv2.CC_STAT_HEIGHT])
            if length < 0.5 * min(paper.shape) or stats[label, cv2.CC_STAT_AREA] > 10 * length:
                continue  # short, or lines crossing (a squared page's)
            rows, columns = np.nonzero(labels == label)
            direction = cv2.fitLine(
                np.column_stack([columns, rows]).astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01
            )
            angle = np.degrees(np.arctan2(abs(float(direction[1][0])), abs(float(direction[0][0]))))
            angles.append(min(angle, 90 - angle))  # off level or off upright
        ink = (paper.astype(np.int16) - photo > 40).astype(np.uint8)
        assert ink.sum() > 0 and not (ink[0].any() or ink[-1].any() or ink[:, 0].any() or ink[:, -1].any())
    assert len(angles) >= 8 and all(1.8 <= angle <= 10.2 for angle in angles)


def _marks_and_widest(sample) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A sample's RGBA pixels, its pieces of ink (20 pixels or more, as component stats;
    ink far from the median colour, or the alpha of a transparent canvas) and the widest."""
    image = sample.image if isinstance(sample.image, np.ndarray) else load_rgba(sample.image)
    grey = image[..., :3].mean(axis=2) if image[..., 3].min() == 255 else 255 - image[..., 3].astype(float)
    ink = (np.abs(grey - np.median(grey)) > 80).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    marks = stats[1:][stats[1:, cv2.CC_STAT_AREA] >= 20]
    return image, marks, marks[np.argmax(marks[:, cv2.CC_STAT_WIDTH])]


def test_sums_are_three_lines_adding_up_with_a_line_clear_of_the_digits(mnist):
    """Two numbers, their sum, and one straight line under the two, apart from every digit."""
    generator = Generator(mnist, FAMILIES.index("sums"))
    for _ in range(10):
        sample = generator.sums()
        first, second, total = (int(line) for line in sample.truth.split("\n"))
        assert first + second == total
        image, marks, line = _marks_and_widest(sample)
        top, bottom = line[cv2.CC_STAT_TOP], line[cv2.CC_STAT_TOP] + line[cv2.CC_STAT_HEIGHT]
        assert line[cv2.CC_STAT_WIDTH] >= 0.7 * image.shape[1]
        # Clear of the digits: no other mark shares a row with it.
        others = marks[marks[:, cv2.CC_STAT_WIDTH] < line[cv2.CC_STAT_WIDTH]]
        shared = np.minimum(bottom, others[:, cv2.CC_STAT_TOP] + others[:, cv2.CC_STAT_HEIGHT]) - np.maximum(
            top, others[:, cv2.CC_STAT_TOP]
        )
        assert (shared <= 0).all()


def _soft_edge_width(grey: np.ndarray, background: float) -> float:
    """Pixels part way between the background and the strokes (20 to 80% of the way), per
    pixel of the strokes' outline: about one on an anti-aliased canvas."""
    distance = np.abs(grey - background)
    full = np.percentile(distance, 99.5)
    strokes = (distance >= 0.8 * full).astype(np.uint8)
    outline = int(strokes.sum()) - int(cv2.erode(strokes, np.ones((3, 3), np.uint8)).sum())
    return float(((distance > 0.2 * full) & (distance < 0.8 * full)).sum()) / outline


def test_soft_brush_draws_light_strokes_with_soft_edges_on_one_dark_colour(mnist):
    generator = Generator(mnist, FAMILIES.index("soft_brush"))
    clean = Generator(mnist, FAMILIES.index("clean"))
    for _ in range(20):
        sample = generator.soft_brush()
        image = sample.image if isinstance(sample.image, np.ndarray) else load_rgba(sample.image)
        grey = image[..., :3].mean(axis=2)
        border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
        background = float(np.median(border))
        assert background < 60 and np.percentile(grey, 99.5) > background + 120  # light on dark
        assert np.mean(np.abs(border - background) <= 4) > 0.95  # one flat colour
        assert _soft_edge_width(grey, background) > 1.5
        plain = clean.clean().image[..., :3].mean(axis=2)
        assert _soft_edge_width(plain, float(np.median(plain[0]))) < 1.0


def test_cropped_draws_bold_strokes_covering_about_a_third_to_two_thirds_of_the_image(mnist):
    generator = Generator(mnist, FAMILIES.index("cropped"))
    clean = Generator(mnist, FAMILIES.index("clean"))
    light_on_dark = 0
    for _ in range(20):
        sample = generator.cropped()
        image = sample.image if isinstance(sample.image, np.ndarray) else load_rgba(sample.image)
        grey = image[..., :3].mean(axis=2)
        background = float(np.median(np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])))
        light_on_dark += background < 128
        assert 0.25 <= np.mean(np.abs(grey - background) > 60) <= 0.7
        plain = clean.clean().image[..., :3].mean(axis=2)
        assert np.mean(np.abs(plain - np.median(plain[0])) > 60) < 0.3
    assert 0 < light_on_dark < 20  # either polarity


def test_distant_draws_digits_10_to_24_pixels_tall_in_a_whole_photo(mnist):
    generator = Generator(mnist, FAMILIES.index("distant"))
    for _ in range(20):
        sample = generator.distant()
        grey = cv2.imdecode(np.frombuffer(sample.image, np.uint8), cv2.IMREAD_GRAYSCALE).astype(np.float32)
        assert 640 <= grey.shape[1] <= 1280 and grey.shape[0] == grey.shape[1] * 3 // 4
        paper = cv2.medianBlur(grey.astype(np.uint8), 31).astype(np.float32)
        rows = np.flatnonzero((paper - grey > 50).any(axis=1))
        assert 8 <= rows[-1] - rows[0] + 1 <= 26  # one line of small digits, nothing else dark


def _straight(darkness: np.ndarray, run: tuple[int, int]) -> np.ndarray:
    """The darkness that runs on along `run` (rows, columns), at its weakest there."""
    return cv2.morphologyEx(darkness, cv2.MORPH_OPEN, np.ones(run, np.uint8))


def test_forms_draws_a_box_around_each_digit(mnist):
    """Blank (the boxes alone): a top and a bottom line, and an upright side at least at
    each end and between every two digits. Found as straight runs of darkness, however
    faint: a light blue form photographed in shadow stands only 5 to 20 from its paper."""
    for seed in range(20):
        sample = Generator(mnist, seed, blank=True).forms()
        grey = cv2.imdecode(np.frombuffer(sample.image, np.uint8), cv2.IMREAD_GRAYSCALE)
        darkness = np.clip(cv2.medianBlur(grey, 31).astype(np.float32) - grey, 0, None)
        rows = np.flatnonzero(_straight(darkness, (1, 25)).max(axis=1) > 4)
        bands = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
        assert len(bands) == 2  # top and bottom
        height = bands[1][0] - bands[0][-1]
        columns = np.flatnonzero(_straight(darkness, (int(0.8 * height), 1)).max(axis=0) > 4)
        sides = len(np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1))
        assert sides >= len(sample.truth) + 1


def test_thin_paper_shows_the_back_page_faint_but_darker_than_light_pencil(mnist):
    """The family's point: on most of its blank photos the back page's marks stand out
    from the paper around them (more than 12% darker, smoothed over the grain; a plain
    `photo`'s blank page at most 9%), and never as dark as the front's ink."""
    generator = Generator(mnist, FAMILIES.index("thin_paper"), blank=True)
    darkest = []
    for _ in range(12):
        grey = cv2.imdecode(np.frombuffer(generator.thin_paper().image, np.uint8), cv2.IMREAD_GRAYSCALE)
        smooth = cv2.GaussianBlur(grey.astype(np.float32), (0, 0), 2)
        paper = cv2.dilate(smooth, np.ones((41, 41), np.uint8))
        darkest.append(float((1 - smooth / paper).max()))
    assert sum(value > 0.12 for value in darkest) >= 8
    assert max(darkest) < 0.45


def test_a_crumpled_pages_creases_run_from_edge_to_edge_and_stay_lighter_than_ink():
    """`crumpled_light`: on most pages a crease at least 10% darker than the paper reaches
    two of the page's edges (a fainter one blurs under that), and nowhere is the page as
    dark as ink (which leaves 5 to 25% of the light)."""
    reaching = 0
    for seed in range(12):
        light = crumpled_light((200, 300), np.random.default_rng(seed))
        assert light.min() > 0.6 and light.max() <= 1.08 + 1e-6
        count, _, stats, _ = cv2.connectedComponentsWithStats((light < 0.9).view(np.uint8), connectivity=8)
        for x, y, width, height, _ in stats[1:count]:
            edges = int(x == 0) + int(y == 0) + int(x + width == 300) + int(y + height == 200)
            reaching += edges >= 2
            if edges >= 2:
                break
    assert reaching >= 8


def test_underlined_numbers_have_a_line_that_joins_their_digits(mnist):
    """`underlined`: in each number of several digits, the widest piece of ink is the line,
    wider than the digits together, and it takes most of the digits into it (touching or
    running through their feet), where `marked`'s underline stands clear of them."""
    generator = Generator(mnist, FAMILIES.index("underlined"))
    numbers = joined = digits = 0
    for _ in range(20):
        sample = generator.underlined()
        if len(sample.truth) < 2:
            continue
        _, marks, line = _marks_and_widest(sample)
        others = marks[marks[:, cv2.CC_STAT_WIDTH] < line[cv2.CC_STAT_WIDTH]]
        assert line[cv2.CC_STAT_WIDTH] > others[:, cv2.CC_STAT_WIDTH].sum()
        numbers += 1
        digits += len(sample.truth)
        # Digits are 70 to 150 pixels tall: a mark 30 tall or more apart from the line is one.
        joined += max(0, len(sample.truth) - int((others[:, cv2.CC_STAT_HEIGHT] >= 30).sum()))
    assert numbers >= 10
    assert joined >= 0.35 * digits  # 47 of 94 digits here
