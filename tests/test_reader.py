"""read_number on drawn numbers: MNIST test digits rendered as thick strokes, and OpenCV strokes."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from core.data import load_mnist
from core.examples import render_digit
from core.models import load_model
from core.reading import reader
from core.reading.image_input import ImageInputError
from core.reading.reader import (
    DEFAULT_WEIGHTS,
    JOINED,
    NO_DIGITS,
    SEQUENCE_SURE_ALONE,
    STRAY,
    _best_splits,
    _checked_by_sequence,
    _doubt,
    _doubted_if_more_digits_read,
    _one_stroke_across,
    _Read,
    _Scorer,
    _small_digits_confirmed,
    _two_digits_confirmed,
    _two_part_cuts,
    read_number,
)
from core.reading.segment import Piece, SegmentationError, binarize, find_pieces, ink_map
from core.reading.sequence import SequenceReading
from core.reading.sequence import best_path as sequence_best_path
from tests import drawing
from tests.imports import heavy_modules_imported_by

DIGIT_HEIGHT = 110


@pytest.fixture(scope="module")
def glyph():
    """digit -> a test-set example of it rendered as a 110-pixel stroke drawing."""
    mnist = load_mnist()
    # The first test example of each digit that looks typical: close to its class mean.
    chosen = {}
    for digit in range(10):
        examples = mnist.test_images[mnist.test_labels == digit][:50].astype(np.float32)
        mean = examples.mean(axis=0)
        chosen[digit] = examples[np.argmin(((examples - mean) ** 2).sum(axis=(1, 2)))].astype(np.uint8)
    return lambda digit: render_digit(chosen[digit], DIGIT_HEIGHT, threshold=0.4)


def compose(glyph, lines: list[str], gap: int = 40, margin: int = 40) -> np.ndarray:
    """Ink canvas holding the given lines of digits."""
    rows = [[glyph(int(character)) for character in text] for text in lines]
    width = max(sum(g.shape[1] for g in row) + gap * (len(row) - 1) for row in rows) + 2 * margin
    line_height = max(g.shape[0] for row in rows for g in row) + gap
    ink = np.zeros((line_height * len(rows) + 2 * margin, width), np.float32)
    for line_number, row in enumerate(rows):
        x = margin
        for g in row:
            y = margin + line_number * line_height
            ink[y : y + g.shape[0], x : x + g.shape[1]] = np.maximum(
                ink[y : y + g.shape[0], x : x + g.shape[1]], g
            )
            x += g.shape[1] + gap
    return ink


def test_reads_a_drawn_number_with_boxes_frames_and_alternatives(glyph):
    ink = compose(glyph, ["407"])
    reading = read_number(drawing.on_canvas(ink))
    assert reading.text == "407" and reading.lines == ("407",)
    assert [digit.digit for digit in reading.digits] == [4, 0, 7]
    xs = [digit.box.x for digit in reading.digits]
    assert xs == sorted(xs)
    for digit in reading.digits:
        assert digit.frame.shape == (28, 28) and digit.frame.max() == pytest.approx(1.0, abs=0.01)
        assert len(digit.alternatives) == 3 and digit.alternatives[0][0] == digit.digit
        assert digit.confidence == pytest.approx(digit.alternatives[0][1])
        assert 0.8 * DIGIT_HEIGHT <= digit.box.height <= 1.2 * DIGIT_HEIGHT
    assert reading.as_dict()["digits"][0]["box"] == reading.digits[0].box.as_list()


def test_black_ink_on_a_transparent_canvas(glyph):
    assert read_number(drawing.on_transparent(compose(glyph, ["3859"]))).text == "3859"


def test_white_on_black_canvas(glyph):
    canvas = drawing.on_canvas(compose(glyph, ["62"]), background=(0, 0, 0), colour=(255, 255, 255))
    assert read_number(canvas).text == "62"


def test_two_lines_top_to_bottom(glyph):
    reading = read_number(drawing.on_canvas(compose(glyph, ["25", "81"])))
    assert reading.lines == ("25", "81") and reading.text == "25\n81"
    assert [digit.line for digit in reading.digits] == [0, 0, 1, 1]


@pytest.mark.parametrize("degrees", [-10, 8, 12])
def test_a_sheet_photographed_at_an_angle_keeps_its_lines(glyph, degrees):
    """Three lines of a sheet, the photo turned by 8 to 12 degrees: read as horizontal
    bands, the end of each line reached into the next and digits changed lines."""
    ink = compose(glyph, ["905712", "3486", "271509"], gap=30)
    ink = cv2.copyMakeBorder(ink, 200, 200, 60, 60, cv2.BORDER_CONSTANT, value=0)
    height, width = ink.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    photo = drawing.photographed(cv2.warpAffine(ink, turn, (width, height)))
    assert read_number(photo).lines == ("905712", "3486", "271509")


def test_light_paper_photo_with_a_shadow(glyph):
    photo = drawing.photographed(compose(glyph, ["1906"]))
    assert read_number(photo).text == "1906"


def test_holes_do_not_become_digits(glyph):
    assert read_number(drawing.on_canvas(compose(glyph, ["80"]))).text == "80"


def test_a_speck_is_ignored(glyph):
    ink = compose(glyph, ["53"])
    ink[10:14, 10:14] = 1.0
    assert read_number(drawing.on_canvas(ink)).text == "53"


def test_blank_canvas_gives_an_empty_reading_that_says_so():
    reading = read_number(np.zeros((200, 600, 4), np.uint8))
    assert reading.digits == () and reading.text == ""
    assert reading.message == NO_DIGITS


def test_bad_inputs_get_clear_errors():
    with pytest.raises(ImageInputError, match="not an image"):
        read_number(b"plain text renamed .png")
    with pytest.raises(ImageInputError, match="Crop or shrink"):
        read_number(np.zeros((1, 60_000), np.uint8))
    assert read_number(np.zeros((1, 1), np.uint8)).message == NO_DIGITS
    with pytest.raises(SegmentationError, match="too many"):
        read_number(drawing.on_canvas(drawing.scribble()))


def test_reading_never_imports_tensorflow():
    code = "import numpy as np\nfrom core.reading import read_number\nread_number(np.zeros((50, 50)))"
    assert heavy_modules_imported_by(code) == []


@pytest.mark.parametrize(
    "strokes",
    [
        # The second 1's flag reaches back into the first 1.
        [((200, 40), (200, 190)), ((245, 40), (245, 190)), ((245, 40), (205, 70))],
        # Two slanted 1s that meet at the top.
        [((210, 40), (195, 190)), ((218, 40), (238, 190))],
    ],
    ids=["flag touching", "meeting at the top"],
)
def test_touching_ones_drawn_as_one_piece_read_as_two(strokes):
    ink = drawing.blank()
    for start, end in strokes:
        drawing.line(ink, start, end)
    reading = read_number(drawing.on_canvas(ink))
    assert reading.text == "11"
    assert reading.digits[0].box.x < reading.digits[1].box.x


def test_a_single_bold_one_is_not_cut_in_two():
    ink = drawing.one(drawing.blank(), 200, thickness=30)
    assert read_number(drawing.on_canvas(ink)).text == "1"


def test_a_digit_broken_where_the_pen_lifted_reads_as_one(glyph):
    ink = compose(glyph, ["27"])
    # Two gaps across the 2's strokes, as if the pen had lifted twice.
    cv2.line(ink, (40, 80), (200, 80), 0.0, thickness=5)
    cv2.line(ink, (90, 110), (90, 200), 0.0, thickness=4)
    canvas = drawing.on_canvas(ink)
    assert len(find_pieces(binarize(ink_map(canvas)))) >= 4  # the 2 really is in pieces
    assert read_number(canvas).text == "27"


def test_a_seven_whose_long_bar_came_off_reads_as_one_digit():
    # A 7 with a bar half as wide again as it is tall, the pen lifted across the bar:
    # the bar's left end is a flat piece of its own, the union 1.7 times wider than tall.
    ink = drawing.blank(width=700)
    drawing.line(ink, (60, 50), (310, 50))
    drawing.line(ink, (310, 50), (240, 200))
    cv2.line(ink, (150, 30), (150, 70), 0.0, thickness=6)
    drawing.one(ink, 480)
    canvas = drawing.on_canvas(ink)
    assert len(find_pieces(binarize(ink_map(canvas)))) == 3
    reading = read_number(canvas)
    assert reading.text == "71"
    assert reading.digits[0].box.width > 1.5 * reading.digits[0].box.height


def test_a_cut_whose_narrow_half_is_no_digit_to_the_verifier_is_not_a_candidate():
    """A 7 the verifier misjudges can be cut into its bar (read as a 2) and the rest: the
    halves then outscore the doubted whole. A cut is weighed only if each half that is
    not wide enough to be split again is plausibly one whole digit."""

    def read(x: int, width: int, digit: int, confidence: float, one_digit: float) -> _Read:
        probabilities = np.full(10, (1 - confidence) / 9, np.float32)
        probabilities[digit] = confidence
        piece = Piece(x, 0, width, 100, np.ones((100, width), bool))
        return _Read(piece, np.zeros((28, 28), np.float32), probabilities, one_digit)

    scorer = _Scorer(100.0, DEFAULT_WEIGHTS)
    stub_and_rest = [read(0, 30, 2, 0.99, 0.2), read(30, 60, 7, 1.0, 0.9)]
    two_digits = [read(0, 45, 3, 0.5, 0.35), read(45, 45, 5, 0.5, 0.35)]
    cuts = {0: [("cut", "a"), ("cut", "b")]}  # only their number matters here
    # Without the check the stub and the rest would win: they score higher.
    assert sum(map(scorer.score, stub_and_rest)) > sum(map(scorer.score, two_digits))
    assert [half.digit for half in _best_splits(cuts, stub_and_rest + two_digits, scorer)[0][1]] == [3, 5]
    assert _best_splits({0: [("cut", "a")]}, stub_and_rest, scorer) == {}
    # A half wide enough to be cut again may hold two digits: the verifier's doubt is expected.
    wide_pair = [read(0, 120, 8, 1.0, 0.01), read(120, 50, 1, 1.0, 0.9)]
    assert [half.digit for half in _best_splits({0: [("cut", "a")]}, wide_pair, scorer)[0][1]] == [8, 1]


class _CountingClassifier:
    """The shipped CNN, counting the frames it is shown."""

    def __init__(self):
        self.inner = load_model("cnn")
        self.spec = self.inner.spec
        self.frames = 0

    def predict_proba(self, images):
        self.frames += len(images)
        return self.inner.predict_proba(images)


def test_the_classifier_reads_only_the_cut_halves_that_may_be_digits(glyph, monkeypatch):
    """Most cuts of a piece leave a half the verifier rules out (a 0 cut through its
    ring), and such cuts are never scored: the classifier is not shown their halves, and
    the reading is the one it gives when it reads every half."""
    canvas = drawing.on_canvas(compose(glyph, ["4807"], gap=-30))  # neighbours run together
    assert len(find_pieces(binarize(ink_map(canvas)))) < 4  # so some pieces are cut
    sparing = _CountingClassifier()
    reading = read_number(canvas, model=sparing)

    def every_half(halves, scorers):
        return lambda one_digit: np.ones(len(one_digit), bool)

    monkeypatch.setattr(reader, "_cuts_worth_reading", every_half)
    thorough = _CountingClassifier()
    assert read_number(canvas, model=thorough).as_dict() == reading.as_dict()
    assert reading.text == "4807"
    assert sparing.frames < thorough.frames


def test_every_doubt_goes_on_from_it_as_a_sentence():
    """The predictor says "digit #2 (read as 6 at 77%): it " + the doubt; one doubt once
    lacked its verb ("it unclear to the model")."""
    doubts = [
        reader.JOINED,
        reader.PART_OF_DIGIT,
        reader.SMALL,
        reader.UNCLEAR,
        reader.TOUCHING,
        reader.BOLD,
        reader.FAR,
    ]
    assert all(doubt.split()[0] in ("is", "may", "was") for doubt in doubts)


def test_the_dips_cuts_go_through_are_the_prominent_valleys_scipy_finds():
    """`_dips` is scipy.signal.find_peaks on the negated profile, with a prominence, done in
    numpy: the same columns on random profiles, smooth or with flat bottoms."""
    from scipy.signal import find_peaks

    rng = np.random.default_rng(0)
    for trial in range(300):
        profile = rng.integers(0, 60, int(rng.integers(3, 80))).astype(np.float32)
        if trial % 2:
            profile = np.round(np.convolve(profile, np.ones(3) / 3, mode="same"))  # flat bottoms
        depth = float(rng.uniform(0, 20))
        expected, _ = find_peaks(-profile, prominence=depth)
        assert sorted(reader._dips(profile, depth)) == sorted(expected.tolist())
    assert reader._dips(np.array([9, 4, 4, 4, 9, 1, 9], np.float32), 3.0) == [5, 2]  # deepest first


def test_the_sequence_reader_sure_of_another_digit_for_a_whole_piece_replaces_the_classifiers():
    """A very wide 8 the classifier read as a 5 (100%) and the sequence reader as an 8
    (over 99%): read whole, its one part is the piece the classifier read, and the
    sequence reader's word on it stands. Where it finds two digits or more, a part the
    classifier reads surely as another digit keeps the classifier's (a cut part, read
    cleanly); the classifier's word on the whole piece did not ("871" read "571")."""

    def read(x: int, digit: int) -> _Read:
        probabilities = np.full(10, 0.0001, np.float32)
        probabilities[digit] = 1 - 9 * 0.0001
        piece = Piece(x, 0, 50, 100, np.ones((100, 50), bool))
        return _Read(piece, np.zeros((28, 28), np.float32), probabilities)

    def columns(*labels: int) -> np.ndarray:
        """Per-column log-probabilities, each column sure (99.9%) of its label (0: blank)."""
        log_probabilities = np.full((len(labels), 11), np.log(0.0001), np.float32)
        log_probabilities[np.arange(len(labels)), labels] = np.log(0.999)
        return log_probabilities

    eight = columns(0, 9, 9, 9, 0, 0)  # label 9 is the digit 8
    reading = sequence_best_path(eight)
    assert reading.text == "8"
    whole = read(0, 5)
    assert [part.digit for part in _checked_by_sequence([whole], reading, eight, [whole])] == [8]
    # Two parts, the classifier sure the second is a 9 where the sequence reader reads 2.
    eighty_two = columns(0, 9, 9, 0, 3, 3, 0)
    reading = sequence_best_path(eighty_two)
    assert reading.text == "82"
    parts = [read(0, 8), read(50, 9)]
    assert [part.digit for part in _checked_by_sequence([whole], reading, eighty_two, parts)] == [8, 9]


def test_a_piece_the_sequence_reader_finds_more_digits_in_is_flagged_where_the_lattice_kept_fewer():
    """A large 6 with a small 1 written into its side, read "6" (sure, and the verifier
    sure of one whole digit) where the sequence reader reads "16" at 80% but not surely
    enough to overrule it: the 6 is flagged as maybe two digits run together, not passed
    as sure; also at 35% (one chance in three). Not at 20%, nor where it
    reads as many digits (its other word on a digit is no sign of a lost one), nor where a
    mark in the piece was left out as a stray stroke."""
    probabilities = np.full(10, 0.0001, np.float32)
    probabilities[6] = 1 - 9 * 0.0001
    piece = Piece(0, 0, 90, 100, np.ones((100, 90), bool))
    six = _Read(piece, np.zeros((28, 28), np.float32), probabilities, one_digit=0.99)
    scorer = _Scorer(100.0, DEFAULT_WEIGHTS)
    assert _doubt(six, scorer) is None

    def reading(text: str, probability: float) -> SequenceReading:
        return SequenceReading(text, (), (), probability, 40)

    flagged = _doubted_if_more_digits_read([six], reading("16", 0.8))
    assert [read.more_digits for read in flagged] == [True]
    assert _doubt(flagged[0], scorer) == JOINED
    assert _doubted_if_more_digits_read([six], reading("16", 0.35))[0].more_digits  # one chance in three
    assert not _doubted_if_more_digits_read([six], reading("16", 0.2))[0].more_digits
    assert not _doubted_if_more_digits_read([six], reading("5", 0.99))[0].more_digits
    stray = replace(six, stray=STRAY)
    assert _doubted_if_more_digits_read([stray], reading("16", 0.99)) == [stray]


def test_small_digits_are_confirmed_only_where_the_classifier_reads_each_part_as_the_sequence_reader():
    """A piece cut into a part of the line's height and a short one. The sequence
    reader's "82" stands however unsure it is only where the classifier reads the parts
    as 8 and 2, each surely, of digits the verifier believes, one as tall as the line's
    digits and one not, and none shorter than any digit anyone writes: the tail of an
    8's open loop reads as a sure 3 too, a 4's stem as a sure 1, and a sliver cut off a
    4's edge as a sure 1. A part's height is that of its main stroke: a small 1's part
    keeps the tips of the 3 it touches, apart from it."""
    scorer = _Scorer(100.0, DEFAULT_WEIGHTS)

    def read(digit: int, height: int, confidence: float = 0.999, one_digit: float = 0.95) -> _Read:
        probabilities = np.full(10, (1 - confidence) / 9, np.float32)
        probabilities[digit] = confidence
        part = Piece(0, 100 - height, 40, height, np.ones((height, 40), bool))
        return _Read(part, np.zeros((28, 28), np.float32), probabilities, one_digit)

    # Per-column log-probabilities: blank, 8 (label 9), blank, 2 (label 3), blank.
    columns = np.full((5, 11), np.log(0.01), np.float32)
    columns[np.arange(5), [0, 9, 0, 3, 0]] = np.log(0.9)
    eighty_two = sequence_best_path(columns)
    assert eighty_two.text == "82"
    assert _small_digits_confirmed(eighty_two, [read(8, 100), read(2, 40)], scorer)
    assert not _small_digits_confirmed(eighty_two, [read(8, 100), read(3, 40)], scorer)
    assert not _small_digits_confirmed(eighty_two, [read(8, 100), read(2, 40, confidence=0.9)], scorer)
    assert not _small_digits_confirmed(eighty_two, [read(8, 100), read(2, 40, one_digit=0.3)], scorer)
    assert not _small_digits_confirmed(eighty_two, [read(8, 100), read(2, 100)], scorer)  # both tall
    assert not _small_digits_confirmed(eighty_two, [read(8, 50), read(2, 40)], scorer)  # neither
    assert not _small_digits_confirmed(eighty_two, [read(8, 100), read(2, 20)], scorer)  # a sliver
    assert not _small_digits_confirmed(eighty_two, None, scorer)
    # A short part with tips of its neighbour at its top and bottom, 100 pixels apart.
    tipped = read(2, 100)
    tipped.piece.mask[:] = False
    tipped.piece.mask[50:90, 10:30] = True
    tipped.piece.mask[:4, 30:] = True
    tipped.piece.mask[96:, 30:] = True
    assert _small_digits_confirmed(eighty_two, [read(8, 100), tipped], scorer)


def test_a_one_cut_off_inside_the_other_parts_columns_is_a_stroke_of_that_digit():
    """A looped 2 the verifier doubts, cut into its top's curl (read as a sure 1) and the
    rest (a sure 2): the curl lies mostly within the 2's columns, where a small 1 written
    against a digit stands mostly beside it. Such a cut is no candidate in the lattice,
    and the sequence reader's "12" for the piece is not confirmed by the classifier
    ("27483" read "127483"). A 1 standing beside the 2, reaching
    into its columns by under half its width, still is; so is a full-height 1."""
    scorer = _Scorer(100.0, DEFAULT_WEIGHTS)

    def read(digit: int, x: int, width: int, height: int) -> _Read:
        probabilities = np.full(10, 0.001 / 9, np.float32)
        probabilities[digit] = 0.999
        part = Piece(x, 100 - height, width, height, np.ones((height, width), bool))
        return _Read(part, np.zeros((28, 28), np.float32), probabilities, 0.95)

    two = read(2, 20, 60, 100)  # columns 20 to 80
    curl = read(1, 5, 40, 60)  # 25 of its 40 columns within the 2's
    beside = read(1, -15, 40, 60)  # 5 of 40
    half = read(1, 0, 40, 60)  # 20 of 40: not over half
    tall = read(1, 5, 40, 100)
    assert reader._stroke_within(curl, two, scorer.reference)
    assert not reader._stroke_within(two, curl, scorer.reference)  # only a 1 is a stroke
    assert not reader._stroke_within(beside, two, scorer.reference)
    assert not reader._stroke_within(half, two, scorer.reference)
    assert not reader._stroke_within(tall, two, scorer.reference)
    cuts = {0: [("cut", "a")]}  # only their number matters here
    assert _best_splits(cuts, [curl, two], scorer) == {}
    assert [half.digit for half in _best_splits(cuts, [beside, two], scorer)[0][1]] == [1, 2]
    columns = np.full((5, 11), np.log(0.01), np.float32)
    columns[np.arange(5), [0, 2, 0, 3, 0]] = np.log(0.9)  # blank, 1, blank, 2, blank
    twelve = sequence_best_path(columns)
    assert twelve.text == "12"
    assert not _small_digits_confirmed(twelve, [curl, two], scorer)
    assert _small_digits_confirmed(twelve, [beside, two], scorer)


def test_two_digits_of_the_lines_height_are_confirmed_only_where_both_networks_agree_surely():
    """A 1 written against the side of a digit as tall: the sequence reader's "91" stands
    where it is SEQUENCE_SURE_ALONE sure, both parts are as tall as the line's digits by
    their boxes, and the classifier reads each as the sequence reader does, surely, of a
    digit the verifier believes. A short part is no such digit (a digit's fragment), nor
    is a reading of one digit or of three."""
    scorer = _Scorer(100.0, DEFAULT_WEIGHTS)

    def read(digit: int, height: int = 100, confidence: float = 0.999, one_digit: float = 0.95) -> _Read:
        probabilities = np.full(10, (1 - confidence) / 9, np.float32)
        probabilities[digit] = confidence
        # A part whose strokes the cut left in bits: its largest run is half its height.
        mask = np.zeros((height, 30), bool)
        mask[: height // 2, :10] = True
        mask[height // 2 + 2 :, 20:] = True
        return _Read(
            Piece(0, 100 - height, 30, height, mask), np.zeros((28, 28), np.float32), probabilities, one_digit
        )

    def reading_of(labels: list[int], sure: float) -> SequenceReading:
        columns = np.full((len(labels), 11), np.log((1 - sure) / 10), np.float32)
        columns[np.arange(len(labels)), labels] = np.log(sure)
        return sequence_best_path(columns)

    # Per-column labels: blank (0), 9 (label 10), blank, 1 (label 2), blank.
    ninety_one = reading_of([0, 10, 0, 2, 0], 0.995)
    assert ninety_one.text == "91" and ninety_one.probability >= SEQUENCE_SURE_ALONE
    assert _two_digits_confirmed(ninety_one, [read(9), read(1)], scorer)
    assert not _two_digits_confirmed(ninety_one, [read(9), read(7)], scorer)
    assert not _two_digits_confirmed(ninety_one, [read(9), read(1, confidence=0.9)], scorer)
    assert not _two_digits_confirmed(ninety_one, [read(9), read(1, one_digit=0.3)], scorer)
    assert not _two_digits_confirmed(ninety_one, [read(9), read(1, height=50)], scorer)  # a fragment
    assert not _two_digits_confirmed(ninety_one, None, scorer)
    unsure = reading_of([0, 10, 0, 2, 0], 0.9)
    assert unsure.text == "91" and unsure.probability < SEQUENCE_SURE_ALONE
    assert not _two_digits_confirmed(unsure, [read(9), read(1)], scorer)
    nine_one_one = reading_of([0, 10, 0, 2, 0, 2, 0], 0.995)
    assert nine_one_one.text == "911"
    assert not _two_digits_confirmed(nine_one_one, [read(9), read(1), read(1)], scorer)


def test_a_piece_is_cut_in_two_along_each_least_ink_path():
    """Two blobs joined by a thin bridge, and a stroke through the middle: each cut of
    `_two_part_cuts` parts the piece's ink in two, every pixel in one part or the other."""
    mask = np.zeros((100, 90), bool)
    mask[10:90, 5:35] = True
    mask[10:90, 55:85] = True
    mask[48:52, 35:55] = True  # the bridge
    piece = Piece(20, 30, 90, 100, mask)
    cuts = _two_part_cuts(piece, 100.0)
    assert cuts
    for left, right in cuts:
        assert left.x < right.x
        assert int(left.mask.sum()) + int(right.mask.sum()) == int(mask.sum())
    # The cheapest path crosses the bridge, not a blob.
    assert any(left.width <= 40 and right.x - piece.x >= 35 for left, right in cuts)


def _part(x, y, width, height, thickness, draw):
    """A part cut from a mark: `draw(mask, thickness)` inks a mask `width` x `height`."""
    mask = np.zeros((height, width), np.uint8)
    draw(mask, thickness)
    return Piece(x, y, width, height, mask.astype(bool))


def test_a_stroke_cut_across_is_told_from_a_one_meeting_a_bar_or_a_curve():
    """A tall 7's stem cut where a line of small digits ends: a 7 over a 1 that runs on
    from its stem. A 1 whose foot meets the bar of the 7 under it ("1" over "762"), or a
    1 under the curve of a 0 ("0" over "168"), meets a wider run of ink."""

    def seven_top(mask, thickness):  # the bar, then the stem running down to the cut
        cv2.line(mask, (5, 5), (75, 5), 1, thickness)
        cv2.line(mask, (75, 5), (45, 99), 1, thickness)

    def stem(mask, thickness):  # the stem running on below the cut
        cv2.line(mask, (24, 0), (5, 60), 1, thickness)

    upper = _part(0, 0, 90, 100, 14, seven_top)
    assert _one_stroke_across(upper, _part(21, 100, 40, 70, 14, stem))

    def one(mask, thickness):
        cv2.line(mask, (10, 0), (10, 99), 1, thickness)

    def bar(mask, thickness):  # a 7's bar and the top of its stem
        cv2.line(mask, (0, 3), (70, 3), 1, thickness)
        cv2.line(mask, (70, 3), (50, 60), 1, thickness)

    assert not _one_stroke_across(_part(30, 0, 20, 100, 14, one), _part(0, 100, 80, 60, 14, bar))

    def bottom_of_a_zero(mask, thickness):
        cv2.ellipse(mask, (32, 0), (28, 60), 0, 0, 180, 1, thickness)

    assert not _one_stroke_across(_part(0, 0, 64, 68, 14, bottom_of_a_zero), _part(22, 68, 20, 90, 14, one))
