from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.reading import read_number
from core.reading.segment import (
    HOLES,
    Piece,
    SegmentationError,
    TallJoin,
    binarize,
    cut_across_lines,
    drop_stray_marks,
    find_pieces,
    group_lines,
    ink_map,
    merge_fragments,
    reference_height,
    writing_slope,
)
from tests import drawing


def block(x, y, width=50, height=100, across=0):
    """A solid mark `width` x `height` at (x, y): lines are grouped by boxes alone."""
    return Piece(x, y, width, height, np.ones((height, width), bool), across)


def pieces_of(rgba):
    return merge_fragments(find_pieces(binarize(ink_map(rgba))))


def test_black_ink_on_a_transparent_canvas_is_read_from_alpha():
    ink = drawing.one(drawing.blank(), 100)
    found = ink_map(drawing.on_transparent(ink, colour=(0, 0, 0)))
    assert found.kind == "transparent canvas" and not found.blank
    assert found.ink[100, 100] > 0.9 and found.ink[100, 300] == 0


@pytest.mark.parametrize(("text", "pen"), [("8", 30), ("5", 30), ("90", 40), ("365", 40), ("2024", 40)])
@pytest.mark.parametrize("colour", [(0, 0, 0), (200, 30, 30)])
def test_a_transparent_drawing_mostly_covered_by_bold_strokes_is_read_from_alpha(text, pen, colour):
    """Cropped close to a bold pen's digits, more than half the pixels are paint. Taken
    for an opaque picture and composited over its transparent border's colour (black),
    the black strokes vanished: "No digits found"."""
    ink = drawing.narrow_number(text, height=150, width=60, gap=pen + 20, pen=pen, margin=pen // 2 + 2)
    assert (ink > 0.5).mean() > 0.5
    found = ink_map(drawing.on_transparent(ink, colour=colour))
    assert found.kind == "transparent canvas" and not found.blank
    assert read_number(drawing.on_transparent(ink, colour=colour)).text == text


def test_a_photo_cut_out_on_transparency_is_still_a_photo():
    """Transparent margins alone do not make a drawing: a cut-out photo has many colours."""
    photo = drawing.photographed(drawing.one(drawing.blank(), 300))
    rgba = np.dstack([photo, np.full(photo.shape[:2], 255, np.uint8)])
    rgba[:, :60, 3] = rgba[:, -60:, 3] = 0  # a fifth of it transparent
    assert ink_map(rgba).kind == "photo"


@pytest.mark.parametrize(
    "background, colour",
    [((255, 255, 255), (0, 0, 0)), ((0, 0, 0), (255, 255, 255)), ((40, 160, 40), (230, 30, 30))],
)
def test_any_opaque_canvas_colours_give_the_same_ink(background, colour):
    ink = drawing.one(drawing.blank(), 100)
    found = ink_map(drawing.on_canvas(ink, background, colour))
    assert found.kind == "canvas"
    assert found.ink[100, 100] > 0.9 and found.ink[100, 300] < 0.05


def test_soft_light_strokes_on_one_flat_background_are_a_drawing():
    """White strokes blurred over a few pixels (a soft brush) on black: their broad soft
    edges made the drawing a photo, and the photo's paper estimate, filled by the bold
    white strokes, found ink in the black between them."""
    ink = drawing.zero(drawing.blank(), 150)
    drawing.eight(ink, 400)
    soft = cv2.GaussianBlur(cv2.dilate(ink, np.ones((9, 9), np.float32)), (0, 0), 3)
    found = ink_map(drawing.on_canvas(soft, background=(0, 0, 0), colour=(255, 255, 255)))
    assert found.kind == "canvas"
    assert found.ink[115, 100] > 0.9 and found.ink[115, 150] < 0.05  # the 0's stroke, its hole
    assert read_number(drawing.on_canvas(soft, background=(0, 0, 0), colour=(255, 255, 255))).text == "08"


def test_a_light_panel_on_a_flat_dark_background_is_no_light_stroke():
    """A light panel or sheet a quarter of the image, soft-edged, on one flat dark colour,
    with grey digits in it lighter than that colour: nothing is darker than the
    background, yet the panel is one solid region, not strokes, and the image stays a
    photo (as a canvas the panel would be the ink)."""
    ink = drawing.zero(drawing.blank(800, 600), 330, top=230)
    drawing.one(ink, 470, top=230)
    panel = np.zeros(ink.shape, np.float32)
    cv2.fillPoly(panel, [np.array([(200, 160), (640, 170), (630, 450), (210, 440)], np.int32)], 1.0)
    grey = 40 + 180 * cv2.GaussianBlur(panel, (0, 0), 4)
    grey = grey * (1 - ink) + 120 * ink
    rgba = drawing.on_canvas(np.zeros(ink.shape, np.float32))
    rgba[..., :3] = np.clip(grey, 0, 255).astype(np.uint8)[..., None]
    assert ink_map(rgba).kind == "photo"


@pytest.mark.parametrize("light", [True, False])
def test_bold_strokes_covering_most_of_the_image_are_a_drawing(light):
    """A 0 and an 8 in a brush 40 pixels wide, cropped 2 pixels around them: the strokes
    cover more than half the image, the background's colour less than half of it, and the
    drawing passed for a photo. Its ink map is the strokes, in either polarity."""
    ink = drawing.zero(drawing.blank(420, 260), 110, top=40)
    drawing.eight(ink, 300, top=40)
    bold = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (35, 35)))
    x, y, width, height = cv2.boundingRect((bold > 0.5).view(np.uint8))
    bold = bold[y - 2 : y + height + 2, x - 2 : x + width + 2]
    assert 0.5 < (bold > 0.5).mean() < 0.7
    colours = {"background": (0, 0, 0), "colour": (255, 255, 255)} if light else {}
    found = ink_map(drawing.on_canvas(bold, **colours))
    assert found.kind == "canvas"
    assert (found.ink > 0.5).mean() == pytest.approx((bold > 0.5).mean(), abs=0.01)


@pytest.mark.parametrize("light", [True, False])
def test_a_solid_sheet_with_writing_on_one_flat_colour_is_no_cropped_drawing(light):
    """A sheet half the image, with grey digits on it, on one flat colour: everything off
    that colour lies on one side of it, yet the sheet is one solid mark whose gaps are
    its writing, not the background's colour, so the image stays a photo (as a canvas,
    the sheet would be the ink)."""
    ink = drawing.zero(drawing.blank(800, 600), 330, top=200)
    drawing.one(ink, 470, top=200)
    sheet = np.zeros(ink.shape, np.float32)
    cv2.fillPoly(sheet, [np.array([(100, 80), (700, 90), (690, 520), (110, 510)], np.int32)], 1.0)
    desk, paper = (30, 220) if light else (225, 40)
    grey = desk + (paper - desk) * sheet
    grey = grey * (1 - ink) + 128 * ink
    rgba = drawing.on_canvas(np.zeros(ink.shape, np.float32))
    rgba[..., :3] = np.clip(grey, 0, 255).astype(np.uint8)[..., None]
    assert ink_map(rgba).kind == "photo"


def test_a_photo_with_a_shadow_finds_the_strokes_not_the_shadow():
    ink = drawing.one(drawing.blank(), 100)
    drawing.one(ink, 500)  # this 1 stands in the shadow
    rgb = drawing.photographed(ink)
    found = ink_map(np.dstack([rgb, np.full(ink.shape, 255, np.uint8)]))
    assert found.kind == "photo"
    mask = binarize(found)
    assert mask[100, 100] and mask[100, 500]
    assert mask[:, 560:].sum() == 0  # the darkest paper, in the shadow, is not ink
    assert len(pieces_of(np.dstack([rgb, np.full(ink.shape, 255, np.uint8)]))) == 2


def test_a_bold_stroke_close_up_casts_doubt_on_the_paper_and_the_bold_paper_keeps_it_whole():
    """A marker stroke a quarter of the photo wide: the median over the paper's window is
    ink along its middle, which then is no ink at all; the paper beside it is lighter
    than that estimate, the evidence for a second look."""
    ink = drawing.blank(300, 300)
    cv2.line(ink, (60, 250), (220, 50), 1.0, 70)
    rgba = np.dstack([drawing.photographed(ink), np.full(ink.shape, 255, np.uint8)])
    usual, bold = ink_map(rgba), ink_map(rgba, bold_strokes=True)
    assert usual.kind == bold.kind == "photo"
    assert usual.paper_doubt
    assert usual.ink[150, 140] < 0.5  # the middle of the stroke lost in the paper
    assert bold.ink[150, 140] > 0.8 and bold.ink[20, 20] < 0.2


def test_a_thin_pen_photo_gives_no_doubt_about_the_paper():
    ink = drawing.one(drawing.blank(), 100)
    drawing.zero(ink, 300)
    assert not ink_map(np.dstack([drawing.photographed(ink), np.full(ink.shape, 255, np.uint8)])).paper_doubt


@pytest.mark.parametrize("value", [0, 255])
def test_a_blank_image_has_no_ink(value):
    rgba = np.full((100, 200, 4), value, np.uint8)
    rgba[..., 3] = 255
    assert ink_map(rgba).blank
    assert pieces_of(rgba) == []
    assert pieces_of(np.zeros((100, 200, 4), np.uint8)) == []  # an untouched transparent canvas


def test_holes_of_zero_and_eight_are_not_digits():
    ink = drawing.zero(drawing.blank(), 120)
    drawing.eight(ink, 400)
    pieces = pieces_of(drawing.on_canvas(ink))
    assert len(pieces) == 2


def test_a_speck_is_dropped():
    ink = drawing.one(drawing.blank(), 100)
    ink[200, 400:403] = 1.0
    ink[30:33, 300:303] = 1.0
    assert len(pieces_of(drawing.on_canvas(ink))) == 1


def test_a_five_with_a_separate_flag_is_one_piece():
    ink = drawing.two_stroke_five(drawing.blank(), 100)
    assert len(find_pieces(binarize(ink_map(drawing.on_canvas(ink))))) == 2  # two strokes...
    assert len(pieces_of(drawing.on_canvas(ink))) == 1  # ...one digit


@pytest.mark.parametrize("text", ["5", "7"])
def test_a_flag_or_bar_drawn_half_a_digit_above_it_is_one_piece_with_it(text):
    ink = drawing.with_a_floating_bar(text, 0, 0.5)
    assert len(find_pieces(binarize(ink_map(drawing.on_canvas(ink))))) == 2
    assert len(pieces_of(drawing.on_canvas(ink))) == 1


def test_a_pen_lifted_one_is_one_piece_but_neighbours_stay_apart():
    ink = drawing.blank()
    drawing.line(ink, (100, 40), (100, 110))
    drawing.line(ink, (100, 125), (100, 190))  # the same 1, pen lifted halfway
    drawing.one(ink, 200)
    drawing.one(ink, 300)
    assert len(pieces_of(drawing.on_canvas(ink))) == 3


@pytest.mark.parametrize("cut", ["straight", "slanted"])
def test_a_lone_digit_cut_across_is_one_piece_not_two_lines(cut):
    # With nothing else in the image, the reference height is a half's height.
    ink = drawing.zero(drawing.blank(width=300, height=260), 150, top=40, height=170)
    start, end = ((60, 125), (240, 125)) if cut == "straight" else ((60, 105), (240, 145))
    cv2.line(ink, start, end, 0.0, thickness=6)  # the pen lifted: a gap across both sides
    halves = find_pieces(binarize(ink_map(drawing.on_canvas(ink))))
    assert len(halves) == 2
    assert len(pieces_of(drawing.on_canvas(ink))) == 1


def test_a_stroke_lifted_off_a_digit_taller_than_the_others_joins_it():
    """A large 5's bar lifted off its body, beside two digits half as tall: together a
    digit's height and a bit, which is judged against the body, not the small digits
    (the join, past TALL_JOIN of their height, was refused: "855" read "2" over "855")."""
    body, bar = block(100, 200, width=60, height=130), block(110, 168, width=80, height=12)
    small = [block(250, 260, width=40, height=70), block(310, 260, width=40, height=70)]
    assert len(merge_fragments([bar, body, *small])) == 3
    # A digit as tall as the body, just over it, is no stroke of it.
    over = block(100, 60, width=60, height=130)
    assert len(merge_fragments([over, body, *small])) == 4


def test_a_flat_stroke_alone_well_above_one_digit_joins_it_but_not_above_two():
    """A flat stroke with nothing in its rows, 40% of a digit's height above it, is the
    flag of the one digit under it; over two digits alike, it is no one digit's."""
    left, right = block(100, 200, width=60, height=130), block(200, 200, width=60, height=130)
    flag = block(110, 136, width=70, height=12)
    assert len(merge_fragments([flag, left, right])) == 2
    over_both = block(100, 136, width=160, height=12)
    assert len(merge_fragments([over_both, left, right])) == 3
    # A mark sharing its rows makes it a stroke of that line, judged as before.
    beside = block(300, 120, width=60, height=130)
    assert len(merge_fragments([flag, left, right, beside])) == 4


def test_dots_are_binding_holes_only_in_an_even_column_clear_of_other_marks():
    """Three bold dots evenly spaced one under another, beside the number, are a page's
    binding holes; spaced unevenly (a colon and a dot far below it), or with a mark
    reaching into their column, they stay marks to judge as any other."""
    digits = [block(200, 40, width=50, height=100), block(270, 40, width=50, height=100)]

    def holes(dots):
        _, ignored = drop_stray_marks(dots + digits, (400, 400), photo=True)
        return [mark for mark in ignored if mark.reason == HOLES]

    assert len(holes([block(100, y, width=20, height=20) for y in (40, 90, 140)])) == 3
    assert not holes([block(100, y, width=20, height=20) for y in (40, 80, 200)])
    assert not holes([block(100, y, width=20, height=20) for y in (40, 90, 140)] + [block(90, 200, width=50)])


def test_a_join_taller_than_a_digit_between_two_lines_is_put_to_the_judge():
    ink = drawing.blank(width=400, height=400)
    for x in (100, 250):
        drawing.zero(ink, x, top=20, height=170)
        drawing.zero(ink, x, top=210, height=170)  # the next line, its ink a few pixels below
    asked = []

    def refuse(top, bottom):
        asked.append((top.x, bottom.x))
        return TallJoin.TWO_LINES

    found = find_pieces(binarize(ink_map(drawing.on_canvas(ink))))
    assert len(merge_fragments(found)) == 2  # without a judge: two tall 8-like joins
    assert len(merge_fragments(found, refuse)) == 4 and len(asked) == 2  # each pair asked once
    assert len(merge_fragments(found, lambda *_: TallJoin.ONE_DIGIT)) == 2


def test_the_gap_between_two_lines_holds_across_them():
    """Where one pair one above the other is two whole digits, a pair across the same gap
    that may be two digits (one of them doubted) stays apart too; on its own, a doubt
    does not part a digit cut where the pen lifted."""
    ink = drawing.blank(width=700, height=400)
    for x in (100, 250, 400, 550):
        drawing.zero(ink, x, top=20, height=170)
        drawing.zero(ink, x, top=210, height=170)
    found = find_pieces(binarize(ink_map(drawing.on_canvas(ink))))

    def one_pair_sure(top, bottom):
        return TallJoin.TWO_LINES if top.x < 200 else TallJoin.MAYBE_TWO_LINES

    assert len(merge_fragments(found, one_pair_sure)) == 8
    assert len(merge_fragments(found, lambda *_: TallJoin.MAYBE_TWO_LINES)) == 4

    # A line gap elsewhere (far lower on the page) does not part these.
    lower_sheet = drawing.blank(width=700, height=800)
    lower_sheet[:400] = ink
    for x in (100, 250):
        drawing.zero(lower_sheet, x, top=420, height=170)
        drawing.zero(lower_sheet, x, top=610, height=170)
    found = find_pieces(binarize(ink_map(drawing.on_canvas(lower_sheet))))

    def sure_below_only(top, bottom):
        return TallJoin.TWO_LINES if top.y > 400 else TallJoin.MAYBE_TWO_LINES

    assert len(merge_fragments(found, sure_below_only)) == 4 + 4


def test_a_line_of_one_digit_close_over_a_longer_line_is_put_to_the_judge():
    """The 0 alone on the upper line has nothing beside it; the one below it has: a
    tall join of the two is the judge's to make, as between two full lines."""
    ink = drawing.blank(width=400, height=400)
    drawing.zero(ink, 100, top=20, height=170)
    for x in (100, 250):
        drawing.zero(ink, x, top=210, height=170)
    found = find_pieces(binarize(ink_map(drawing.on_canvas(ink))))
    asked = []

    def refuse(top, bottom):
        asked.append((top.x, bottom.x))
        return TallJoin.TWO_LINES

    assert len(merge_fragments(found)) == 2  # without a judge: one tall join, and the 0 beside it
    assert len(merge_fragments(found, refuse)) == 3 and len(asked) == 1


def test_a_whole_digit_clear_of_the_rows_of_its_doubted_partners_line_stays_apart():
    """The judge finds one mark a whole digit and doubts the other (a pen-drawn 1 of the
    line over a lone 6: "11664" over "6" read "61664"): they stay apart where the whole one
    shares no rows with the doubted one's neighbours, and join where it does (a digit cut
    where the pen lifted beside a digit as tall as both its halves). Where the doubted one
    is the lone one, a digit's height, it is a line of its own ("762" over "9" read "262");
    shorter, it may be a stroke broken off the digit under it, and joins."""
    asked = []

    def judge(verdict):
        def judged(top, bottom):
            asked.append(top.x)
            return verdict

        return judged

    ink = drawing.blank(width=400, height=400)
    drawing.zero(ink, 100, top=20, height=170)  # alone on the upper line
    for x in (100, 250):
        drawing.zero(ink, x, top=210, height=170)
    found = find_pieces(binarize(ink_map(drawing.on_canvas(ink))))
    assert len(merge_fragments(found, judge(TallJoin.UPPER_WHOLE))) == 3 and asked
    assert len(merge_fragments(found, judge(TallJoin.LOWER_WHOLE))) == 3

    stroke_over = drawing.blank(width=400, height=400)
    drawing.line(stroke_over, (150, 95), (150, 195))  # alone, clear of the line's rows, short
    for x in (100, 250):
        drawing.zero(stroke_over, x, top=210, height=170)
    found = find_pieces(binarize(ink_map(drawing.on_canvas(stroke_over))))
    assert len(found) == 3
    assert len(merge_fragments(found, judge(TallJoin.LOWER_WHOLE))) == 2

    # A 0 twice as tall as the line's others, cut at mid-height, beside a 1 as tall as it.
    beside_both = drawing.blank(width=660, height=400)
    drawing.zero(beside_both, 130, top=20, height=350)
    cv2.line(beside_both, (0, 195), (260, 195), 0.0, thickness=8)  # cut where the pen lifted
    drawing.one(beside_both, 300, top=20, height=350)
    for x in (400, 560):
        drawing.zero(beside_both, x, top=190, height=180)
    found = find_pieces(binarize(ink_map(drawing.on_canvas(beside_both))))
    assert len(found) == 5
    asked.clear()
    assert len(merge_fragments(found, judge(TallJoin.UPPER_WHOLE))) == 4 and asked


def test_a_digit_touching_the_one_under_it_is_cut_where_the_lines_meet():
    """Two lines of 0s; the first 0 of the upper line runs into the one under it. The
    other 0s show where one line ends and the next begins: the mark is cut there."""
    ink = drawing.blank(width=500, height=450)
    drawing.zero(ink, 100, top=20, height=170)
    drawing.zero(ink, 100, top=185, height=170)  # its top stroke runs into the 0 above
    for x in (250, 400):
        drawing.zero(ink, x, top=20, height=170)
        drawing.zero(ink, x, top=245, height=170)
    pieces = merge_fragments(find_pieces(binarize(ink_map(drawing.on_canvas(ink)))))
    assert len(pieces) == 5
    cut = cut_across_lines(pieces)
    assert [len(line) for line in group_lines(cut)] == [3, 3]
    # With a judge: cut when either part is a whole digit, not when neither is.
    one_part_sure = cut_across_lines(pieces, lambda parts: [0.5, 1.0] * (len(parts) // 2))
    assert len(one_part_sure) == 6
    # Only one part sure: the reader may still put them on one line and join them again.
    assert all(part.across == 0 for part in one_part_sure)
    assert cut_across_lines(pieces, lambda parts: [0.9] * len(parts)) == pieces


def test_a_lone_digit_against_a_digit_of_the_one_line_beside_it_is_cut_only_when_judged_stacked():
    """A lone 0 of the lower line written against the first 0 of the upper line: only the
    upper line shows beside the mark. It is cut where that line ends when both parts are
    sure whole digits and the stacked judge finds two digits stacked; not without that
    judge, nor when it finds one tall digit, nor when a part is shorter than a digit or
    taller than the line's digits."""
    ink = drawing.blank(width=500, height=450)
    drawing.zero(ink, 100, top=20, height=170)
    drawing.zero(ink, 100, top=185, height=170)  # touching the 0 over it
    for x in (250, 400):
        drawing.zero(ink, x, top=20, height=170)
    pieces = merge_fragments(find_pieces(binarize(ink_map(drawing.on_canvas(ink)))))
    assert len(pieces) == 3

    def sure(parts):
        return [1.0] * len(parts)

    asked = []

    def stacked(verdict):
        def judged(piece, parts):
            asked.append(len(parts))
            return verdict

        return judged

    assert cut_across_lines(pieces, sure) == pieces
    assert cut_across_lines(pieces, sure, stacked(False)) == pieces and asked == [2]
    cut = cut_across_lines(pieces, sure, stacked(True))
    assert [len(line) for line in group_lines(cut)] == [3, 1]
    assert cut_across_lines(pieces, lambda parts: [0.9, 1.0] * (len(parts) // 2), stacked(True)) == pieces

    # One mark alone beside it shows no line: it may be a small digit beside a big one.
    one_beside = drawing.blank(width=500, height=650)
    drawing.zero(one_beside, 100, top=20, height=170)
    drawing.zero(one_beside, 100, top=185, height=170)
    drawing.zero(one_beside, 250, top=20, height=170)
    drawing.zero(one_beside, 400, top=450, height=170)  # a third mark, beside neither part
    pieces = merge_fragments(find_pieces(binarize(ink_map(drawing.on_canvas(one_beside)))))
    assert len(pieces) == 3
    assert cut_across_lines(pieces, sure, stacked(True)) == pieces

    # A 0 whose lower part, past the line beside it, is shorter than a digit (300 pixels
    # tall), or taller than the line's digits however it is cut there (440): one digit
    # taller than its neighbours, not cut.
    for height in (300, 440):
        right = 2 * (height // 3) + 20  # of the tall 0's ink
        tall = drawing.blank(width=right + 330, height=height + 80)
        drawing.zero(tall, height // 3 + 20, top=20, height=height)
        for x in (right + 100, right + 250):
            drawing.zero(tall, x, top=20, height=170)
        pieces = merge_fragments(find_pieces(binarize(ink_map(drawing.on_canvas(tall)))))
        assert len(pieces) == 3
        assert cut_across_lines(pieces, sure, stacked(True)) == pieces


def test_the_cut_across_lines_goes_where_its_judge_finds_two_whole_digits():
    """The lower 0 is written up into the upper line, past where the 0s beside them
    show the lines meet: a cut midway would give its top to the 0 over it. With a
    judge, the row chosen is the one whose parts it finds surest."""
    ink = drawing.blank(width=500, height=450)
    drawing.zero(ink, 100, top=20, height=170)
    drawing.zero(ink, 100, top=180, height=170)
    for x in (250, 400):
        drawing.zero(ink, x, top=20, height=170)
        drawing.zero(ink, x, top=260, height=170)
    pieces = merge_fragments(find_pieces(binarize(ink_map(drawing.on_canvas(ink)))))
    tall = max(pieces, key=lambda piece: piece.height)
    midway = [part for part in cut_across_lines(pieces) if part.x == tall.x]
    zero_height = min(piece.height for piece in pieces)
    top_midway = min(midway, key=lambda part: part.y)
    assert top_midway.height > zero_height + 25  # the top of the lower 0 went with the upper 0

    def whole_zeros(parts):  # sure (1.0 or more) of a part within a tenth of the 0s' height
        return [1.1 - abs(part.height - zero_height) / zero_height for part in parts]

    cut = cut_across_lines(pieces, whole_zeros)
    judged = sorted((part for part in cut if part.x == tall.x), key=lambda part: part.y)
    assert [part.height for part in judged] == [pytest.approx(zero_height, rel=0.15)] * 2
    assert judged[0].height < top_midway.height


def test_the_cut_across_lines_runs_around_a_stroke_written_up_past_the_ink_over_it():
    """A 1 of the lower line written up until it touches the curve of the 0 over it, its
    top 20 pixels above the 0's lowest ink: any straight cut gives one of them a piece
    of the other (the 0's bottom to the 1, or the 1's top to the 0). The cut severing
    the least ink runs around the 1's top and leaves each its own ink, which the judge
    below, sure only of the marks as drawn, finds."""
    zero_alone = drawing.zero(drawing.blank(width=500, height=450), 100, top=20, height=170)
    one_alone = drawing.one(drawing.blank(width=500, height=450), 145, top=180, height=170)
    ink = np.maximum(zero_alone, one_alone)
    for x in (250, 400):
        drawing.zero(ink, x, top=20, height=170)
        drawing.zero(ink, x, top=245, height=170)
    pieces = pieces_of(drawing.on_canvas(ink))
    assert len(pieces) == 5

    def box(piece):
        return np.array([piece.x, piece.y, piece.right, piece.bottom])

    drawn = [box(pieces_of(drawing.on_canvas(alone))[0]) for alone in (zero_alone, one_alone)]

    def sure_of_the_marks_as_drawn(parts):
        return [1.1 if any(np.abs(box(part) - each).max() <= 2 for each in drawn) else 0.5 for part in parts]

    tall = max(pieces, key=lambda piece: piece.height)
    cut = [part for part in cut_across_lines(pieces, sure_of_the_marks_as_drawn) if part.x >= tall.x - 2]
    cut = [part for part in cut if part.right <= tall.right + 2]
    assert len(cut) == 2
    upper, lower = sorted(cut, key=lambda part: part.y)
    assert np.abs(box(upper) - drawn[0]).max() <= 2 and np.abs(box(lower) - drawn[1]).max() <= 2
    assert upper.across == -lower.across != 0  # both sure: they go to different lines


def test_among_cuts_as_sure_one_whose_parts_are_no_taller_than_their_lines_is_chosen():
    """The cut under a 9's loop written up against the 8 over it gives the 8 the loop (a
    part far taller than the digits of its line) and leaves a stem: a judge sure of both
    cannot tell it from the cut between them. A part shorter than its line's digits
    is no such sign (a 1 written up into the digit over it is rightly cut short)."""
    from core.reading.segment import _fitting_cut

    def cut(upper_height: int, lower_height: int, bent: bool = False):
        upper = Piece(0, 0, 40, upper_height, np.ones((upper_height, 40), bool))
        lower = Piece(0, upper_height, 40, lower_height, np.ones((lower_height, 40), bool))
        return (upper, lower), bent

    loop_to_the_eight, between, nearer_the_eight = cut(130, 55, bent=True), cut(100, 85), cut(90, 95)
    assert _fitting_cut([loop_to_the_eight, between, nearer_the_eight], 100, 100) is between
    # Within HEIGHT_TOLERANCE (16%) taller, or shorter by any share: the first stays.
    a_little_tall, short = cut(112, 60, bent=True), cut(70, 110)
    assert _fitting_cut([a_little_tall, between], 100, 100) is a_little_tall
    assert _fitting_cut([short, between], 100, 100) is short
    # Where every cut reaches past its lines, the one reaching least.
    assert _fitting_cut([cut(150, 40), cut(125, 65)], 100, 100)[0][0].height == 125


def test_the_least_ink_cut_runs_through_the_gap_and_copes_with_no_rows_to_search():
    from core.reading.segment import _least_ink_boundary

    mask = np.zeros((40, 30), bool)
    mask[:12, :] = True  # an upper stroke
    mask[20:, :] = True  # a lower one, and a stem joining them at the left
    mask[:, :3] = True
    boundary = _least_ink_boundary(Piece(0, 0, 30, 40, mask), 5, 35, 20)
    assert ((boundary[5:] >= 12) & (boundary[5:] <= 20)).all()  # in the gap, past the stem
    flat = Piece(0, 0, 30, 1, np.ones((1, 30), bool))
    assert _least_ink_boundary(flat, 0, 0, 0).tolist() == [1] * 30


def test_the_parts_of_a_mark_cut_across_lines_stay_on_different_lines():
    """The lower part of a mark cut across two lines, written far up into the line above,
    shares more of its rows with that line than with its own: it still goes to its own
    line, also when the rest of that line is a single mark."""

    first, upper_part = block(0, 0), block(100, 0, across=1)
    lower_part, rest_of_its_line = block(100, 70, across=-1), block(0, 150)
    lines = group_lines([first, upper_part, lower_part, rest_of_its_line], slope=0.0)
    assert lines == [[first, upper_part], [rest_of_its_line, lower_part]]
    # Without the cut's mark, the same box is a digit of the upper line.
    plain = block(100, 70)
    assert group_lines([first, upper_part, plain], slope=0.0) == [[first, upper_part, plain]]


def test_a_mark_sharing_a_few_rows_with_one_beside_it_is_on_its_line():
    """A line of two whose first digit is written up towards the line above ("354" over
    "28", the 2 raised), and a short 0 low beside a tall 1: each mark shares too few rows
    with its neighbour to go on its line at first, and is still not a line of its own. A
    lone digit over another one, in the same columns, stays a line of its own."""

    upper_line = [block(0, 0), block(150, 0), block(300, 0)]
    raised, beside = block(10, 95, height=70), block(150, 155)  # 10 rows shared, 5 with the line above
    assert group_lines([*upper_line, raised, beside], slope=0.0) == [upper_line, [raised, beside]]

    tall_one, short_zero = block(60, 0, width=12, height=64), block(0, 56, width=66, height=64)
    assert group_lines([tall_one, short_zero], slope=0.0) == [[short_zero, tall_one]]

    over, under = block(0, 0), block(5, 92)
    assert group_lines([over, under], slope=0.0) == [[over], [under]]


def test_a_lone_digit_close_under_a_longer_line_stays_a_line_of_its_own():
    """A line of one digit close under a longer one, "6" under "02331", sharing a few of
    its rows with the 0 over it: a line of its own, not a 6 beside the 0 ("602331")."""

    upper_line = [block(x, 0, width=70, height=80) for x in (0, 120, 240, 360, 480)]
    under_the_zero = block(2, 65, width=70, height=110)  # 15 rows shared with the line above
    assert group_lines([*upper_line, under_the_zero], slope=0.0) == [upper_line, [under_the_zero]]
    # Beside the line's last digit, not under one, it is a digit of that line written low.
    low_beside = block(600, 65, width=70, height=110)
    assert group_lines([*upper_line, low_beside], slope=0.0) == [[*upper_line, low_beside]]


def test_a_tall_eight_in_a_wavy_line_is_not_cut_into_two_zeros():
    """One digit rides low and the next high, sharing some rows: a wavy line, not two
    lines, however surely the tall 8 between them would cut into two 0s."""
    ink = drawing.blank(width=500, height=320)
    drawing.one(ink, 80, top=160, height=110)
    drawing.eight(ink, 250, top=40, height=200)
    drawing.zero(ink, 400, top=50, height=110)
    pieces = merge_fragments(find_pieces(binarize(ink_map(drawing.on_canvas(ink)))))
    assert len(pieces) == 3

    def every_part_a_sure_digit(parts):
        return [1.1] * len(parts)

    assert cut_across_lines(pieces, every_part_a_sure_digit) == pieces


def test_a_tall_mark_beside_one_line_is_not_cut():
    """A 1 written twice as tall as the 0s beside it, on their baseline or centred on
    them: the marks beside it show no gap between two lines."""
    for top in (20, 110):
        ink = drawing.blank(width=500, height=420)
        drawing.one(ink, 100, top=20, height=360)
        for x in (250, 400):
            drawing.zero(ink, x, top=top + 10, height=170)
        drawing.zero(ink, 330, top=top + 20, height=150)
        pieces = merge_fragments(find_pieces(binarize(ink_map(drawing.on_canvas(ink)))))
        assert cut_across_lines(pieces) == pieces


def test_the_reference_height_is_the_digits_not_one_mark_twice_their_height():
    """Two lines of digits 70 tall with one 150 tall: a digit joined to the one over it
    is no typical digit; left in, it alone was half as tall as the tallest and set the
    reference, and the two lines' digits joined in pairs."""
    lines = [block(x, 0, 40, 70) for x in (0, 60, 180)] + [block(x, 100, 40, 68) for x in (0, 60, 180)]
    joined = block(120, 0, 40, 150)
    pieces = [*lines, joined]
    assert reference_height([piece.height for piece in pieces], [piece.area for piece in pieces]) == 69
    merged = merge_fragments(pieces)
    assert len(merged) == 7 and max(piece.height for piece in merged) == 150
    # One large digit beside two half its height (a number with small digits) keeps
    # the large digit's height: the small ones are the exception.
    sizes = [block(0, 0, 60, 150), block(80, 80, 30, 70), block(120, 80, 30, 70)]
    assert reference_height([piece.height for piece in sizes], [piece.area for piece in sizes]) == 150


def test_a_lone_pair_one_above_the_other_joins_without_asking():
    ink = drawing.zero(drawing.blank(width=300, height=260), 150, top=40, height=170)
    cv2.line(ink, (60, 125), (240, 125), 0.0, thickness=6)

    def refuse(top, bottom):
        raise AssertionError("a lone pair is not put to the judge")

    assert len(merge_fragments(find_pieces(binarize(ink_map(drawing.on_canvas(ink)))), refuse)) == 1


def test_two_lines_a_little_apart_stay_two_lines():
    ink = drawing.blank(width=300, height=460)
    drawing.zero(ink, 150, top=20, height=180)
    drawing.zero(ink, 150, top=250, height=180)  # 50 pixels below, same columns
    assert len(group_lines(pieces_of(drawing.on_canvas(ink)))) == 2


def test_two_lines_are_read_top_to_bottom_left_to_right():
    ink = drawing.blank(width=500, height=460)
    for x in (300, 100, 200):
        drawing.one(ink, x, top=40)
    for x in (320, 120):
        drawing.zero(ink, x, top=260)
    lines = group_lines(pieces_of(drawing.on_canvas(ink)))
    assert [len(line) for line in lines] == [3, 2]
    assert [piece.x for piece in lines[0]] == sorted(piece.x for piece in lines[0])
    assert lines[0][0].y < lines[1][0].y


def test_a_wavy_baseline_and_small_digits_stay_on_one_line():
    ink = drawing.blank(width=700, height=320)
    for index, x in enumerate(range(80, 640, 90)):
        height = 150 if index % 2 else 90
        drawing.one(ink, x, top=60 + int(40 * np.sin(index)), height=height)
    lines = group_lines(pieces_of(drawing.on_canvas(ink)))
    assert len(lines) == 1 and len(lines[0]) == 7


def test_a_scribble_of_hundreds_of_marks_is_refused_clearly():
    with pytest.raises(SegmentationError, match="too many to be a handwritten number"):
        pieces_of(drawing.on_canvas(drawing.scribble()))


def test_a_hairline_on_a_big_photo_is_one_stroke_not_dashes():
    """A 3-pixel pen shrunk fourfold to the working size: under a pixel wide, its mask
    broke into dozens of dashes. Hairlines are widened before the threshold."""
    from core.reading.segment import InkMap, _thicken_hairlines

    full_size = np.zeros((1200, 1600), np.float32)
    cv2.ellipse(full_size, (800, 600), (400, 500), 0, 0, 360, 1.0, 3, cv2.LINE_AA)
    shrunk = cv2.resize(full_size, (400, 300), interpolation=cv2.INTER_AREA)
    noisy = np.clip(shrunk + np.random.default_rng(0).normal(0, 0.03, shrunk.shape), 0, 1)
    photo = InkMap(noisy.astype(np.float32), "photo", blank=False, noise_level=0.1)
    strokes = lambda ink: cv2.connectedComponents(binarize(ink), connectivity=8)[0] - 1  # noqa: E731
    assert strokes(photo) > 10
    assert strokes(_thicken_hairlines(photo)) == 1


FOLD_PHOTO_HEIGHT, FOLD_PHOTO_TOP = 170, 30


def _short_photo_with_a_fold(draw_on_the_fold) -> tuple:
    """A photo's ink map cropped close to a 0, a 4 and what `draw_on_the_fold(ink)` draws
    around x = 307, with a faint fold from its top edge to its bottom edge there:
    `remove_rules` of it (the ink without the rules, the band along them, the rules)."""
    from core.reading.segment import InkMap, remove_rules

    ink = drawing.blank(width=420, height=FOLD_PHOTO_HEIGHT)
    drawing.zero(ink, 70, top=FOLD_PHOTO_TOP, height=110)
    drawing.two_stroke_four(ink, 140, top=FOLD_PHOTO_TOP, height=110)
    draw_on_the_fold(ink)
    fold = drawing.blank(width=420, height=FOLD_PHOTO_HEIGHT)
    cv2.line(fold, (306, 0), (308, FOLD_PHOTO_HEIGHT - 1), 0.45, 3, cv2.LINE_AA)
    values = np.maximum(ink, cv2.GaussianBlur(fold, (0, 0), 1.2))
    return remove_rules(InkMap(values, "photo", blank=False, noise_level=0.05))


def test_a_line_across_a_short_photo_is_found_though_a_bold_stroke_runs_down_most_of_it():
    """A faint fold from the top edge of a photo cropped close to the number to its bottom
    edge, down the bold stem of a 7 for two thirds of its length: judged by its whole
    length, the line was as thick and as crooked as the stem, no line, and the 7 went
    with it as a mark cut by the photo's edge ("47" read "4"). Where it runs alone it is
    thin and straight: it is found, and the stem's ink stays."""
    top = FOLD_PHOTO_TOP

    def seven(ink):
        cv2.line(ink, (255, top + 8), (318, top + 8), 1.0, 22)  # the bar
        cv2.line(ink, (314, top + 8), (300, top + 110), 1.0, 24)  # the stem, down the fold

    cleaned, _, rules = _short_photo_with_a_fold(seven)
    assert [(rule.y, rule.height) for rule in rules] == [(0, FOLD_PHOTO_HEIGHT)]
    assert 290 <= rules[0].x <= 306
    assert cleaned.ink[top + 80, 296:312].min() > 0.9  # the stem, where the fold runs through it


def test_a_one_written_down_a_line_across_a_short_photo_stays_a_digit():
    """A bold 1 written down a faint fold for two thirds of the fold's length: the band
    along the line held all of the 1, which went as a bit of the rule ("7339123" read
    "733923"). The band follows the line alone, and the 1 is one whole mark."""
    from core.reading.segment import rule_fragments

    def one(ink):
        cv2.line(ink, (308, FOLD_PHOTO_TOP), (306, FOLD_PHOTO_TOP + 110), 1.0, 16)

    cleaned, band, rules = _short_photo_with_a_fold(one)
    assert [(rule.y, rule.height) for rule in rules] == [(0, FOLD_PHOTO_HEIGHT)]
    mask, fragments = rule_fragments(binarize(cleaned), band)
    assert fragments == []
    ones = [piece for piece in find_pieces(mask) if piece.x >= 290]
    assert len(ones) == 1 and ones[0].height >= 110 and ones[0].width >= 14


def test_a_thick_upright_mark_in_a_rules_band_is_a_one_not_a_bit_of_the_rule():
    """In the band along an upright line 2 pixels thick: a mark as thin as the line is a
    bit of it; a mark three times as thick and standing upright is a 1 written down the
    line; as thick but cut by the image's edge, a bit of another line beside the rule."""
    from core.reading.segment import rule_fragments

    mask = np.zeros((200, 120), np.uint8)
    band = np.zeros_like(mask)
    band[:, 10:20] = band[:, 50:60] = band[:, 90:100] = 1
    mask[60:90, 14:16] = 1  # a bit of the line, as thin as the line
    mask[50:130, 52:58] = 1  # a 1 down the second line
    mask[0:40, 92:98] = 1  # as thick, from the image's top edge
    kept, fragments = rule_fragments(mask, band, upright_pen=2.0)
    assert sorted((piece.x, piece.y) for piece in fragments) == [(14, 60), (92, 0)]
    assert kept[50:130, 52:58].all() and not kept[60:90, 14:16].any()
    _, without_the_pen = rule_fragments(mask, band)
    assert len(without_the_pen) == 3  # no upright rule measured: every mark in the band goes


def _a_zero_and_a_four_under_turned_rules(
    width: int, height: int, tilt: float
) -> tuple[np.ndarray, np.ndarray]:
    """A 0 and a 4 110 pixels tall on an ink map, and, on one of their own, ruled lines
    60 pixels apart turned by `tilt`."""
    ink = drawing.blank(width=width, height=height)
    drawing.zero(ink, 330, top=190, height=110)
    drawing.two_stroke_four(ink, 430, top=190, height=110)
    lines = drawing.blank(width=width, height=height)
    for y in range(-200, height + 200, 60):
        cv2.line(lines, (0, y), (width - 1, int(y + tilt * (width - 1))), 0.5, 2, cv2.LINE_AA)
    return ink, lines


@pytest.mark.parametrize("tilt", [-0.12, -0.06, 0.09, 0.14])
def test_the_rules_of_a_page_turned_by_a_few_degrees_are_found_at_their_tilt(tilt):
    """Ruled lines 60 pixels apart and a margin line, all turned by `tilt` (the vertical
    one by -`tilt`, as a turned page's are), around a 0 and a 4: the straight search,
    widened by RULE_WIDENING, keeps only lines tilted by about 0.03 over a fifth of the
    image, and took none of these; now every line is a rule, and the digits stay."""
    from core.reading.segment import InkMap, remove_rules

    width, height = 800, 500
    ink, lines = _a_zero_and_a_four_under_turned_rules(width, height, tilt)
    cv2.line(lines, (150, 0), (int(150 - tilt * (height - 1)), height - 1), 0.5, 2, cv2.LINE_AA)
    cleaned, _, rules = remove_rules(InkMap(np.maximum(ink, lines), "photo", blank=False, noise_level=0.05))
    level = [rule for rule in rules if rule.width >= 0.9 * width]
    upright = [rule for rule in rules if rule.height >= 0.9 * height]
    assert len(level) >= 6 and len(upright) == 1  # the lines that cross it from side to side
    assert all(rule.height >= 0.8 * abs(tilt) * rule.width for rule in level)  # along their tilt
    assert abs(upright[0].width - abs(tilt) * height) <= 10
    # Where the lines cross the image whole (their ends may run off its top or bottom
    # edge: those pieces are shorter than a rule), nothing of them is left.
    assert np.count_nonzero(binarize(cleaned)[150:350, 600:]) < 0.002 * 200 * 200
    assert len([piece for piece in find_pieces(binarize(cleaned)) if piece.height >= 80]) == 2


@pytest.mark.parametrize("tilt", [-0.14, 0.1, 0.14])
def test_a_margin_line_cut_short_by_a_corner_is_found_at_the_tilt_of_the_turned_rules(tilt):
    """A turned page's margin line that runs off the photo across a corner, under a
    fifth of the image long and cut by the rules into pieces each shorter than a digit:
    no upright line stands out at a tilt of its own, the straight search missed it, and
    its pieces read as a row of 1s ("7" read "1\\n1\\n7"). A page turns its upright lines
    with its level ones, so it is looked for at the rules' tilt, turned upright."""
    from core.reading.segment import InkMap, remove_rules

    width, height = 800, 500
    ink, lines = _a_zero_and_a_four_under_turned_rules(width, height, tilt)
    # From the top edge to the left one (tilt > 0) or from the left edge to the bottom
    # one: 150 pixels of it in the photo, as thick as the digits' strokes.
    start = (int(tilt * 150), 0) if tilt > 0 else (0, height - 1 - 150)
    end = (int(-tilt * 30), 180) if tilt > 0 else (int(-tilt * 180), height + 30)
    cv2.line(lines, start, end, 0.5, 8, cv2.LINE_AA)
    _, _, rules = remove_rules(InkMap(np.maximum(ink, lines), "photo", blank=False, noise_level=0.05))
    upright = [rule for rule in rules if rule.height > rule.width and rule.x <= 5]
    assert len(upright) == 1 and upright[0].height >= 140
    assert not [rule for rule in rules if 250 <= rule.x <= 520 and rule.width < 0.5 * width]  # not the digits


def test_a_digit_joined_to_a_wedge_of_shadow_at_the_photos_edge_is_found_beside_it():
    """Along a hard shadow's edge the paper estimate lags, and a wedge of solid "ink"
    runs in from the photo's edge; a 0 whose top touches its tip made one mark with it,
    too large for a digit, and went with it ("153740" read "15370"). What no stroke is
    thick enough to make is the wedge: beside it, the 0 is found again."""
    from core.reading.segment import _digits_in_border_mark

    shape = (220, 600)
    mark = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(mark, np.array([[230, 0], [450, 0], [335, 92]], np.int32), 1)  # from the top edge
    cv2.ellipse(mark, (330, 140), (32, 48), 0, 0, 360, 1, 10)  # its top touching the wedge's tip
    rows, columns = np.nonzero(mark)
    top, bottom = int(rows.min()), int(rows.max()) + 1
    left, right = int(columns.min()), int(columns.max()) + 1
    whole = Piece(left, top, right - left, bottom - top, mark[top:bottom, left:right].astype(bool))
    found = _digits_in_border_mark(whole, mark, 90.0, shape)
    assert len(found) == 1
    zero = found[0]  # the 0's ink spans columns 293 to 367 and rows 87 to 193
    assert abs(zero.x - 293) <= 4 and abs(zero.right - 368) <= 4
    assert abs(zero.bottom - 194) <= 4 and zero.y >= 80  # not the wedge


def boxes(corners: list[tuple[int, int]], width: int = 60, height: int = 100) -> list[Piece]:
    return [Piece(x, y, width, height, np.ones((height, width), bool)) for x, y in corners]


def test_the_writing_slope_levels_a_tilted_sheet_and_leaves_level_writing_alone():
    # Three lines of eight digits, 90 pixels apart across, 150 down, tilted by 0.18 (10 degrees).
    tilted = boxes([(x, 40 + 150 * line + int(0.18 * x)) for line in range(3) for x in range(0, 720, 90)])
    assert writing_slope(tilted) == pytest.approx(0.18, abs=0.02)
    lines = group_lines(tilted)
    written_on = [[round((piece.y - 40 - int(0.18 * piece.x)) / 150) for piece in line] for line in lines]
    assert written_on == [[0] * 8, [1] * 8, [2] * 8]
    assert all([piece.x for piece in line] == list(range(0, 720, 90)) for line in lines)
    # A wavy baseline, uneven heights: no tilt, the grouping as before.
    wavy = [
        Piece(x, 60 + int(40 * np.sin(index)), 60, 150 if index % 2 else 90, np.ones((1, 1), bool))
        for index, x in enumerate(range(80, 640, 90))
    ]
    assert writing_slope(wavy) == 0.0
    # Too few marks to tell a tilt from uneven writing.
    assert writing_slope(boxes([(0, 0), (90, 30)])) == 0.0


def test_only_wide_faint_marks_clear_of_the_writing_raise_the_level_faint_ink_joins_at():
    """`_alone_level`: a faint mark standing alone as the back page's strokes do, blurred
    wide and clear of the writing, sets the level (1.1 times its strongest ink); a thin
    line's piece (a crease) and a faint mark within ALONE_CLEARANCE (2) pixels of the
    writing (a stroke's end washed out by glare) do not."""
    from core.reading.segment import ALONE_MARGIN, _alone_level, _holding

    def level_with(faint_mark):
        levels = np.zeros((300, 300), np.float32)
        levels[40:140, 40:52] = 0.9  # the writing: a dark stroke
        levels[faint_mark] = 0.3
        count, labels, stats, _ = cv2.connectedComponentsWithStats((levels >= 0.2).astype(np.uint8))
        return _alone_level(levels, labels, stats, _holding(levels >= 0.5, labels, count))

    wide_and_clear = np.s_[150:260, 150:170]
    assert level_with(wide_and_clear) == pytest.approx(ALONE_MARGIN * 0.3)
    crease = np.zeros((300, 300), bool)
    crease[np.arange(150, 250), np.arange(150, 250)] = True
    crease[np.arange(150, 250), np.arange(151, 251)] = True
    assert level_with(crease) == 0.0
    beside_the_stroke = np.s_[141:200, 40:52]  # a one-pixel gap below the stroke's end
    assert level_with(beside_the_stroke) == 0.0
    assert level_with(np.s_[0:0, 0:0]) == 0.0  # nothing alone
