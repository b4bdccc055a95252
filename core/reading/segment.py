"""Finding the digits in an image: ink map, rules, binary mask, components, merges, lines.

Steps, each a small function (`segment` runs 2 to 5 and keeps what they leave out):
1. `ink_map`: RGBA -> floats in [0, 1], 1 = ink. Three cases, detected, not assumed:
   a transparent canvas (the alpha channel carries the strokes, whatever their
   colour); a flat canvas of any colour (distance from the background colour, so
   red on green works too); a photo or scan (darkness relative to a median estimate
   of the paper around each pixel, which absorbs shadows, hard shadow edges, colour
   casts and gradients; polarity from which side the sparse ink strays to; its level
   from the strongest ink, its floor from the paper's grain).
2. `remove_cells`, then `remove_rules`: a form's boxes around the digits, then ruled and
   squared paper's lines and straight page edges, found and subtracted on the grey ink
   map, so digits that cross them stay whole.
3. `binarize`: the mask of inked pixels (photos: Otsu above the grain, with hysteresis
   so faint or blurred strokes joined to strong ones stay).
4. `find_pieces`: connected components (8-connected, so the holes of 0, 6, 8 and 9
   are part of their digit, never digits of their own), minus specks; then
   `drop_stray_marks` sets aside marks no digit makes: long straight lines, marks cut
   by a photo's edge, lone dashes, underlines, boxes, commas and hyphens.
5. `merge_fragments`: pieces of one digit drawn in several strokes (a 4, a 5, a
   dotted 1) joined when one sits over or inside the other's columns.
6. `group_lines`: pieces into lines by vertical overlap, lines top to bottom,
   digits left to right.
Splitting touching digits needs the classifier, so it lives in core/reading/reader.py.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import NamedTuple

import cv2
import numpy as np

from core.reading.errors import SegmentationError
from core.reading.framing import disk, stroke_width
from core.reading.lattice import TALL_SHARE
from core.reading.runs import least_cost_moves, traced_path

# Images are processed with their longer side at most this long; boxes are mapped back.
WORKING_MAX_SIDE = 1200
# Below this difference (0..255) from the background there is no ink: a blank image.
MINIMUM_CONTRAST = 24
# Ink stands a fifth of the way from the paper to black at least, at its strongest (on a
# photo relative to the paper's own lightness; on a canvas, the largest channel's
# difference from the background): the faintest real photo's ink stood at 95 of 255.
# Fainter marks are the paper's own: the back page showing through (5 to 12% darker),
# the edge of a shadow, the grain under a vignette. Alone on a blank page they were the
# strongest ink there and read as digits; a mark that faint is left out (FAINT). The
# price: pencil lighter than that is lost too (grey 170 on paper at 225 reads, 180 does
# not; at 40, the shadowed, dim and vignetted blank pages read as digits again).
FAINTEST_INK = 51
# Beside marks that pass that limit, the limit is FAINT_BESIDE_INK of their median
# strongest ink where that is lower, never under FAINTEST_BESIDE_INK: a number in a thin,
# light pen on grey paper stands 51 to 62 from it, and two of its digits at 51 were left
# out ("26439" read "239"); the back page showing through stands at about a tenth of the
# ink on the front.
FAINT_BESIDE_INK = 0.7
FAINTEST_BESIDE_INK = 30
# A transparent canvas: more than half its pixels transparent or, where a bold pen's
# strokes cover more (big digits in a 40-pixel pen, or a drawing cropped close), at least
# PAINT_ONLY_SHARE transparent and the rest one paint: no channel's spread over the opaque
# pixels above ONE_PAINT_SPREAD levels. Composited over its transparent border's colour
# (black), black strokes vanished ("8888" drawn bold: "No digits found"). A cut-out
# photo has transparent margins too, but many colours.
PAINT_ONLY_SHARE = 0.05
ONE_PAINT_SPREAD = 10.0
# The background's colour is the commonest colour of the image's border (each channel's
# commonest level), not its median: blurred strokes running off the edges
# of a drawing cropped close cover half its border or more, and the median was then a
# blend of them and the background (36 on a background of 30, 246 on 255), which
# nothing in the image matched exactly: read as a photo, such drawings read nothing.
# A canvas: at least this share of pixels within FLAT_TOLERANCE of the background colour
# (drawings, real and synthetic, have 0.73 or more; 0.5 let a photo whose border lies
# in a flat, noiseless shadow pass for one, its lit part then read as ink).
FLAT_SHARE = 0.65
FLAT_TOLERANCE = 12
# ... and nearly all of those within EXACT_TOLERANCE of it: a canvas's background is one
# colour (JPEG keeps it within a level or two), where a lit photo's paper drifts over
# several levels (drawings measure 0.95 to 1.0 here, photos with a light gradient 0.1 to 0.45).
EXACT_TOLERANCE = 2
EXACT_SHARE = 0.7
# ... counting, where that share falls short and strokes cover more than a third of the
# image (see CROPPED_FLAT_SHARE), only those at least JPEG_REACH pixels from any other
# colour, when they are JPEG_FAR_SHARE of the image or more: JPEG's errors ring through
# the 8-pixel blocks (16 for colour) that an edge crosses, and a drawing cropped close to
# bold strokes has few pixels of background outside such blocks (0.42 to 0.69 of them
# exact in seven `cropped` JPEGs of development seeds 1 and 2 read as photos; 0.85 to
# 0.99 of those 8 pixels away). Only there: JPEG also smooths the grain of evenly lit
# paper in blocks no edge crosses, and a JPEG photo of a blank squared page, its paper
# 0.55 exact, was 0.7 exact away from its lines and passed for a drawing (its lines then
# read as ink). No photo of those seeds' 31 families nor of real-dev passes so.
JPEG_REACH = 8
JPEG_FAR_SHARE = 0.01
# ... and no soft regions: on a drawing, colours between the background's and the ink's
# lie only along the strokes' anti-aliased edges, a pixel or two wide; a shadow or a
# gradient on a photo spreads them over broad areas. More than SOFT_SHARE of the image
# in such areas, SOFT_WIDTH pixels across or more, is a photo: an evenly lit 12-megapixel
# photo, its grain averaged away once reduced, passes the tests above, and read as a
# canvas its soft shadow became a blob of ink.
SOFT_SHARE = 0.005
SOFT_WIDTH = 5
SOFT_LEVEL = 0.6  # of the ink's contrast: above it, a stroke's own colour
# Light strokes with soft edges (a blurred brush, or a small white-on-black drawing saved
# enlarged, as MNIST-style apps do) on one flat background are still a drawing, though
# their edges are as broad as a photo's shadows and bold ones cropped close cover much of
# it (see CROPPED_FLAT_SHARE): everything off the background is lighter than it (at most
# LIGHT_STROKE_DARKER darker: a lit sheet on a flat synthetic desk, its ink darker than
# the desk, had 1.2 to 6%, a sheet on a desk in the `desk` family 0.3 to 1.1%; not
# counting a JPEG's ringing, see `_jpeg_ringing`), and the largest strong mark is no
# solid region (at least
# LIGHT_SHEET_AREA of the image and LIGHT_SHEET_SOLIDITY of its convex hull: a light
# panel or sheet). Read as a photo, whose paper estimate the bold white strokes fill, the
# black holes and gaps between them were the digits ("680" read "711").
LIGHT_STROKE_DARKER = 0.002
LIGHT_SHEET_AREA = 0.2
LIGHT_SHEET_SOLIDITY = 0.85
# Bold strokes cropped close (a big brush, a drawing cut down to its digits, strokes
# running off its edge) cover a third to two thirds of the image: its one flat colour
# fills down to CROPPED_FLAT_SHARE of it, short of FLAT_SHARE (over that, the tests above
# stand as they are). Such an image is a drawing where everything off that colour lies
# on one side of it, as above, and its largest mark, however solid, leaves gaps in its
# convex hull (a bold digit's holes and notches) that are mostly (CROPPED_GAP_BACKGROUND)
# the background's own colour, where a sheet's gaps are the writing on it. Dark strokes
# on a light colour must also show no soft regions (a shadow; dark ink on light paper is
# what every photo holds) but along the strokes themselves, within SOFT_EDGE_REACH
# pixels of their full-strength core (blurred strokes' edges: a shadow's soft area
# spreads far from any). Read as photos, whose paper estimate the bold strokes fill,
# such drawings read nothing or their holes (benchmark family `cropped`, development
# seeds 1 and 2: 50 and 49 of 100 right before, 87 and 88 after; bold digits cropped
# close, 200 at random, /tmp/w14/tight.py seed 2: 156 and 188; a first version that asked
# dark strokes for a border 90% one exact colour and no soft regions at all: 68 and 71
# of the family).
CROPPED_FLAT_SHARE = 0.3
CROPPED_GAP_BACKGROUND = 0.5
SOFT_EDGE_REACH = 10
CANVAS_THRESHOLD = 0.3
# Components smaller than this (pixels, at working scale) are dust.
MINIMUM_AREA = 6
# A speck: both sides under this fraction of the typical digit height.
SPECK_FRACTION = 0.22
MAX_PIECES = 150
# No digit is smaller than this (pixels, longer side, at working scale).
MINIMUM_DIGIT_SIDE = 8
# Ignored marks kept for display, at most (a noisy photo has hundreds of specks).
MAX_IGNORED = 200
# Rules: straight runs at least a fifth of the image long (and this many pixels), and
# this many typical digit heights: underlines, ruled and squared paper, page edges.
RULE_MIN_LENGTH = 40
RULE_REFERENCES = 2.5
# ... spanning this share of the image (a rule fades out in a shadow: 0.6 missed some),
RULE_IMAGE_SHARE = 0.45
# (on a drawn canvas, an exactly flat background, nothing fades: a rule there runs
# across the image, and a long straight stroke such as a 9's stem is not one),
CANVAS_RULE_IMAGE_SHARE = 0.9
# On a photo of nothing else, one upright line from edge to edge this many times as long
# as it is thick is the page's (a margin line whose rules are too faint to find, a
# fold), not a 1 photographed close: a written digit's stroke is about a tenth of its
# height, and the finest pen on the largest photos (`large_thin`, development seed 1)
# drew marks at most 45 times as long as their stroke is wide.
LONE_LINE_SLENDERNESS = 60
# on average at most a 25th as thick as long, tilted by at most RULE_TILT (about 4
# degrees), and straight: its centre line within a band of RULE_MIN_BAND pixels or
# RULE_TILT of its length over RULE_STRAIGHT_SHARE percent of it (a digit's stroke
# written along the rule may take the rest).
RULE_SLENDERNESS = 25
RULE_MIN_BAND = 8
RULE_TILT = 0.07
RULE_STRAIGHT_SHARE = 80
RULE_WIDENING = 5
# A mark left in the band along an upright rule is a 1 written down the line, not a bit
# of it, where it is at least ONE_ALONG_PEN times as thick as the line and
# ONE_ALONG_UPRIGHT times as tall as it is wide (see rule_fragments). Bits of rules left
# upright in the band stood at most 0.99 of their lines' thickness (blank photos of seed
# 0 and development seed 1's ruled, turned, form, fold and desk photos); a 1 down a
# dotted page's column of dots 3 pixels thick, at 2.0.
ONE_ALONG_PEN = 1.5
ONE_ALONG_UPRIGHT = 2.0
# Rules tilted further (a page photographed turned by a few degrees: the straight search
# finds lines tilted by about 0.03 at most, and a ruled page turned by 5 degrees had its
# rules and margin line read as rows of 1s) are found at the tilt of the longest line: on
# a copy about RULE_SEARCH_SIDE pixels long, at tilts RULE_TILT_STEP apart, RULE_TILT_STEPS
# each way (to 0.15, about 8.5 degrees). Lines of that tilt are rules as straight ones
# are, and where the longest is RULE_TILT_GAIN times as long as the longest straight one,
# they are searched for on the image sheared to make them straight.
RULE_TILT_STEP = 0.025
RULE_TILT_STEPS = 6
RULE_SEARCH_SIDE = 300
RULE_TILT_GAIN = 1.5
# Gaps a rule may have and still be one: where another rule crosses a printed margin
# line in its own colour, a dotted guide line, a faded or JPEG-broken pixel or two.
RULE_GAP = 9
# A shorter straight vertical line, at least CELL_SIDE_REFERENCES digit heights tall, is
# a rule too when both its ends meet horizontal rules: the side of a box drawn or
# printed around the number, or of a form's cells. A 1 on ruled paper stays below the
# rule above it, and a 1 that does reach from rule to rule is no taller than the digits.
# Too short for RULE_SLENDERNESS, a side need only be no thicker than BOX_PEN_TOLERANCE
# times the rules it joins: the same pen drew them.
CELL_SIDE_REFERENCES = 1.3
BOX_PEN_TOLERANCE = 1.5
# A form's boxes (one around each digit, or a comb: one long box with a side between
# every two digits) are too short to be rules: a 2-digit field is narrower than
# RULE_REFERENCES digit heights, a separate box is no wider than its digit. A box is
# found by its shape instead, which no digit has: two straight horizontal runs over the
# same columns (CELL_OVERLAP of the longer), at least CELL_MIN_SIDE pixels apart and
# long, no thicker than CELL_THINNESS of the height between them, joined at both ends by
# ink that spans CELL_SPAN of that height. A box must hold ink, be divided into cells,
# or be one of a row of like boxes (within CELL_LIKE of one size): a lone empty box is a
# 0 drawn square, or a 9's loop, and an empty form is no digit.
CELL_MIN_SIDE = 16
# A box's upright sides are printed lines: their outer edges lie within this many pixels
# of straight (on the forms and marked families' boxes at most 0.7; the sides of a
# handwritten 8 with a flat top and foot, 1 and 2).
CELL_EDGE_SPREAD = 1.0
CELL_OVERLAP = 0.9
CELL_SPAN = 0.85
CELL_THINNESS = 1 / 6
CELL_BAND = 4  # pixels a box's top or bottom may stray from straight (printed, not drawn)
CELL_LIKE = 0.15
# Gaps a box's line may have and still be one (a faint line broken by JPEG or grain):
# separate boxes this close are taken as one, with a blank between two of its sides.
# Fewer than RULE_GAP: bridging as far, a digit's bar near the box joined its line.
CELL_GAP = 5
# A box's line is judged where it runs alone, along this share of it at least: a digit
# written against it (a 5's bar under the top, a 7's stem along a side) takes the rest.
CELL_ALONE_SHARE = 0.3
# A side between two sides of a comb leaves no cell narrower than CELL_NARROWEST of
# the median cell: a 1 written down the middle of a box from its top to its bottom
# would, and stays a digit.
CELL_NARROWEST = 0.6
# A side between two cells is a column of ink along this share of the box's height at
# least: printed, it runs unbroken, where a digit's upright stroke stops short of the box.
CELL_DIVIDER_SPAN = 0.95
# More runs than this and the image is a page of text or a photo's texture, not a form.
CELL_MAX_RUNS = 300
# On a photo, a thin straight line from one edge of the image to the opposite edge is a
# rule when it is CELL_SIDE_REFERENCES digit heights long, though a tightly cropped
# photo is too short for RULE_REFERENCES: a notebook's margin line, a fold in the paper,
# a table's border. Left whole, a digit touching it went with it as a page edge. Being
# short, it need only be ACROSS_IMAGE_SLENDERNESS times as long as it is thick (a printed
# line a few pixels wide on a photo of one line of digits; a 1 that tall is far thicker).
ACROSS_IMAGE_SLENDERNESS = 12
# Along a rule, positions where it is at most OWN_THICKNESS times its thinner quarter's
# thickness are the rule alone (see _rule_strength).
OWN_THICKNESS = 1.5
# A line across the image is judged where it runs alone, if it does for at least this
# share of its length (see _thin_and_straight).
ALONE_SHARE = 0.2
# Weakest ink (on the ink map's 0..1) that can be part of a rule: faint grid lines are.
RULE_LEVEL = 0.12
# Ink along a rule this many times stronger than the rule's own strength is a digit's
# stroke written on the rule (a 2's base, a 7's bar): it is kept whole.
STROKE_ON_RULE = 1.6
# On photos, a mark cut by the image edge and this many digit heights long is the edge
# of the page, a shadow or the table, not a digit.
BORDER_MARK_SIZE = 1.6
# Inside such a mark, a mark of certain ink at least BORDER_DIGIT_HEIGHT of the digit
# height, and clear of the edge, is a digit that the edge's fainter ink had joined.
BORDER_DIGIT_HEIGHT = 0.5
# Certain ink inside it too large for a digit may be a digit joined to a wedge of solid
# "ink" along a hard shadow's edge (the paper estimate lags there): what survives an
# opening BORDER_BULK digit heights wide is that wedge, no stroke being so thick, and
# the ink beyond BULK_MARGIN of it is searched again for a digit.
BORDER_BULK = 0.3
BULK_MARGIN = 0.04
# On a photo whose every mark of a digit's size is cut by its edge (a crease or a fold
# from edge to edge across the digits, joined to them by its fainter ink; a crumpled
# page), the digits are its certain ink clear of the edge, at least BORDER_DIGIT_HEIGHT
# of the tallest such marks, and the marks clear of the edge are shorter than that
# (fragments of the crease); unless that certain ink is under EVERY_MARK_CLEAR of the
# marks' certain ink (digits cut by the edge themselves: a photo cropped to a line of
# digits, every one reaching within a pixel of it, read "8" where one stood clear), or
# EVERY_MARK_AT_EDGE of all their ink or more: then nothing fainter joined them, and the
# marks are read as they are.
EVERY_MARK_CLEAR = 0.5
EVERY_MARK_AT_EDGE = 0.9
# "At the edge": within this share of the longer side of the border (a page edge a
# pixel or two in from it still is).
EDGE_MARGIN = 0.01
# On photos, a thin straight mark cut by the edge (EDGE_LINE_SLENDERNESS times as long as
# it is wide across its long axis) whose stroke is at most EDGE_LINE_STROKE of the
# digits' is a line of the page, not a 1: a notebook's red margin line run off a corner
# of a turned page, a rule's end. One writer's pen draws every digit about as wide (a
# mark's stroke against the median of the marks clear of the edge, 1st percentile of
# nine photo families of development seed 1: 0.45 to 0.69); a printed line is a
# fraction of it (0.21 to 0.47 where a margin line's end was read "1").
EDGE_LINE_STROKE = 0.5
EDGE_LINE_SLENDERNESS = 6.0
# A dash: this many times as wide as tall, at most this share of a digit's height, and
# at least this many digit heights from every other mark.
DASH_ASPECT = 3.0
DASH_HEIGHT = 0.35
DASH_DISTANCE = 0.6
# A flat mark of a dash's shape, at least UNDERLINE_LENGTH digit heights long, that runs
# under or over UNDERLINE_SPANNED marks or more (past their middles, which lie above
# or below it) is a line drawn under or over the number. No digit's stroke does that:
# a 7's or a 5's bar lies over its own digit. Unlike a lone dash it may sit close.
UNDERLINE_LENGTH = 1.0
UNDERLINE_SPANNED = 2
# A line under one mark: at least LONE_UNDERLINE_LENGTH digit heights long, alone in
# its rows and UNDERLINE_CLEARANCE of the mark's height below it.
LONE_UNDERLINE_LENGTH = 0.6
UNDERLINE_CLEARANCE = 0.1
# A line drawn under the number that touches or crosses its digits' feet joins them
# into one mark, which was read as one wide digit ("946752" underlined read "469752",
# the line and the 9 a "9" as wide as the number). It is found inside the mark: a
# straight run near level (within JOINED_UNDERLINE_TILT) at least JOINED_UNDERLINE_LENGTH
# times as long as the ink above it is tall, at the mark's foot (its centre
# JOINED_UNDERLINE_LOW of the way down or further, at most JOINED_UNDERLINE_BELOW of the
# mark's ink below it), at most JOINED_UNDERLINE_THICKNESS of that height thick (a
# marker's line under small digits: at 0.25, "05" and "61003" in `underlined` went
# unseen). A 4's bar has its stem below it, and a line over the number (7s' bars
# touching) is not looked for. It reaches past the ink over it, at one end at least, by
# JOINED_PAST of its thickness (two pixels at least): people draw a line past the
# number's ends, where 2s written touching join their bases into a run as long, ending
# where the 2s do. And it runs under two marks at least JOINED_DIGIT_HEIGHT as tall as
# the taller, joined or apart from it: a wide 2's base can be as long as the 2 is tall
# and reach past it at either end ("25" and "15028" read "75" and "150778" where it was
# taken for a line), so under a lone digit the networks judge it (`_lone_underline`).
JOINED_UNDERLINE_LENGTH = 1.0
JOINED_UNDERLINE_TILT = 0.08
JOINED_UNDERLINE_LOW = 0.8
JOINED_UNDERLINE_BELOW = 0.1
JOINED_UNDERLINE_THICKNESS = 0.35
JOINED_DIGIT_HEIGHT = 0.4
JOINED_PAST = 0.5
# The search (see _long_run_low_down): first the mark's lowest ink in blocks of about
# JOINED_SEARCH_HEIGHT to its height, a digit's foot below the line passed over where it
# is at most JOINED_FOOT_COLUMNS blocks from the line's ink either side, straight within
# JOINED_SEARCH_SPREAD blocks; then the line at full size at the tilt found and
# JOINED_UNDERLINE_TILT_STEP either side.
JOINED_SEARCH_HEIGHT = 32
JOINED_FOOT_COLUMNS = 3
JOINED_SEARCH_SPREAD = 1.5
JOINED_UNDERLINE_TILT_STEP = 0.02
# A comma or a point between digits: a mark at most PUNCTUATION_SIZE digit heights
# tall and wide, in the gap between two marks at most PUNCTUATION_REACH digit heights
# away on either side, starting in their lower half and reaching PUNCTUATION_DROP
# digit heights below the lower of their bottoms (a small 1 on the baseline stays on it).
PUNCTUATION_SIZE = 0.35
PUNCTUATION_REACH = 0.6
PUNCTUATION_DROP = 0.1
# A hyphen or a minus sign: a flat mark at most DASH_HEIGHT digit heights tall and
# HYPHEN_ASPECT times as wide as tall, beside a digit as tall as the line's (TALL_SHARE)
# on either side, at most PUNCTUATION_REACH digit heights from it and reaching at most
# HYPHEN_OVERLAP of its own width into that digit's columns, its middle no nearer the
# digit's top or bottom than HYPHEN_BAND of its height ("555-1234", "2024-12-05", "-5"),
# and no mark within HYPHEN_CLEARANCE digit heights over or under it shares more of its
# columns. A stroke broken off a digit lies in or over its columns, or level with its
# top or its foot (a 5's flag, a 7's bar, a 2's base). Read as digits, such dashes were
# "2" at 77 to 85%, or joined to a neighbour: "7-7" read "27", "3-" read "346". A quick
# dash drawn with the predictor's 18-pixel pen is short and thick: 1.5, not a lone dash's
# DASH_ASPECT (at 2, 11 of 200 random mouse numbers with dashes read one as a 0; at 1.5
# with a fifth of the height as the band, a broken 6's foot level with its bottom fifth).
HYPHEN_ASPECT = 1.5
HYPHEN_OVERLAP = 0.25
HYPHEN_BAND = 0.25
HYPHEN_CLEARANCE = 0.25
# A straight mark lying within STRAIGHT_LINE_TILT of level (the tangent of the angle of
# its long axis), at least STRAIGHT_LINE_LENGTH digit heights long and STRAIGHT_LINE_TALLEST
# times as long as the tallest other mark is tall, and at most STRAIGHT_LINE_THICKNESS
# digit heights thick across that axis: a line drawn between two numbers or a sum's
# line, an underline drawn at a slant, a pen lying on the page. No digit's stroke is
# longer than digits are tall. Its box, not the line, was what the dash and underline
# tests measured: drawn with a marker or at a slant, its box was taller than a dash's,
# and it was read as a line of its own, a "2" (a /tmp probe of photos with such a line
# 0.6 to 0.9 of the photo wide, 12 to 22% of a digit's height thick, clear of the
# number: 36 of 60 right; 58 with this test).
STRAIGHT_LINE_TILT = 0.6
STRAIGHT_LINE_LENGTH = 2.5
STRAIGHT_LINE_TALLEST = 1.5
STRAIGHT_LINE_THICKNESS = 0.5
# ... and at least this many times as long as it is thick: a run of eight touching digits
# is about 5.
STRAIGHT_LINE_SLENDERNESS = 8.0
# A mark whose closed outline holds another mark (that share of its pixels at least,
# inside the outline's hole) is a box or a circle drawn around the number: no digit
# holds another (specks, which may sit in a 0, are gone by then).
ENCLOSED_SHARE = 0.9
# Digits touching such a ring are kept: its ink further than RING_WIDTHS of its stroke
# widths from its outside (the ring's own band is about one).
RING_WIDTHS = 1.5
# Two marks one above the other at most this share of the taller one's height apart.
PEN_LIFT_GAP = 0.12
# ... or sharing at most this share of the shorter one's rows (a slanted cut).
PEN_LIFT_OVERLAP = 0.3
# Such halves may together be up to PEN_LIFT_HEIGHT reference heights tall: when every
# mark is a half, the reference is a half's height. Past TALL_JOIN (taller than a digit
# of the image), and with other marks beside either of them, two digits of two lines
# written close together look the same (an 8 over the 0 below it, a line of one digit
# over a longer one: "7" over "89" was read "69"): the reader is asked (`JoinJudge`). A
# lone pair (one mark above another, nothing beside them) still joins: a 1 or a 0 cut
# where the pen lifted is far more common than lines of one digit each.
PEN_LIFT_HEIGHT = 2.2
TALL_JOIN = 1.35
# A flat stroke (a dash's height, HYPHEN_ASPECT as wide as tall) whose left end lies over
# a digit as tall as the line's, sharing FLAG_SHARED of the narrower one's columns, its
# bottom above the top FLAG_BAND of the digit and at most FLAG_GAP of its height above
# it, is that digit's flag or bar drawn apart (a 5's flag drawn after its body, a little
# above and right of its stem), however tall the two are together: a 5 drawn alone has
# its body for the digits' height, and with the flag 15% of it above, the two were past
# TALL_JOIN, the flag read as a "2" on a line of its own ("2" over "5"; tests.drawing's
# two-stroke 5 so: 48 of 80 placements misread).
FLAG_SHARED = 0.2
FLAG_BAND = 0.25
FLAG_GAP = 0.25
# Such a stroke alone in its rows (no other mark shares one of them) is the flag or bar
# of the digit under it that it shares more columns with than any other, up to
# LONE_FLAG_GAP of that digit's height above it: a line of one flat stroke is no line of
# digits, and it was read as a "2" over the rest (a 5 whose flag was drawn a third of
# its height above the body read "2" over "5", a 7 whose bar floated over its stem "2"
# over "1": a /tmp probe of mouse-drawn numbers, 1 to 3 digits, with such a 5 or 7, 1 of
# 172 right with the gap 0.3 to 0.5 of the digit's height). Farther than DASH_DISTANCE, a
# flat stroke is a stray dash (`drop_stray_marks`). One cut by the image's edge may be
# any mark's end (a shadow's edge over a photo's digits, read joined to a 4 as a 7).
LONE_FLAG_GAP = DASH_DISTANCE
# Marks at least half as tall as the tallest are the digits whose height is the
# reference, unless they are fewer than this share of the substantial marks: then the
# tallest are digits of two lines joined where one touches the other ("4481" over
# "4528", the 2 written up into the 8: the joined 8 and 2 alone counted, and every
# digit with the one under it was taken for one digit cut where the pen lifted).
STACKED_OUTLIER_SHARE = 0.25
# A page's binding holes (punched, or a spiral's) photographed dark: BINDING_HOLES or
# more dots (`a_dot`) alike in size (their longer sides within BINDING_ALIKE of their
# median), one under another (centres within BINDING_COLUMN of that median across),
# evenly spaced (each gap between centres within BINDING_EVEN of the median gap, at least
# BINDING_APART sizes), and no other mark reaching into their columns. No digit is a
# solid dot, and a column of a number's lines holds different digits with strokes; read,
# each hole was a 0 on a line of its own, or a 0 or a 5 before the number on its line (a
# /tmp probe of photographed mouse numbers beside such a column: 46 of 60 right).
BINDING_HOLES = 3
BINDING_ALIKE = 0.25
BINDING_COLUMN = 0.5
BINDING_EVEN = 0.25
BINDING_APART = 1.5
# A dot or a dab of the pen is all stroke: it inks at least DOT_INKED of its box, and its
# stroke width (`stroke_width`: half a disc's diameter) is at least DOT_STROKE of its
# longer side. Taps and dabs of a pen measure 0.39 to 0.43, small digits drawn with pens
# 10 to 18 pixels wide 0.12 to 0.21. No digit is two dots (a colon is).
DOT_INKED = 0.5
DOT_STROKE = 0.3
# A mark this many times as tall as the other marks' digits may run across two lines
# (`cut_across_lines`). Where a judge is given, the cut is tried at rows CUT_STEP apart
# from CUT_REACH above the higher of the two lines' edges to CUT_REACH below the lower
# (reference heights): a digit written up into the line above reaches past where the
# lines beside it meet, and a cut midway gave its top stroke to the digit over it (a 0
# over a 5 read "2", "2"; see cut_across_lines).
CUT_ACROSS_HEIGHT = 1.6
# Cut where the one line beside it ends, each part of such a mark must be at least this
# tall (reference heights): a lone digit of the next line is as tall as the line's
# digits, the stem of a 7 a little taller than its neighbours is not.
STACKED_HEIGHT = 0.8
CUT_REACH = 0.3
CUT_STEP = 0.05
MIN_SURENESS = 1e-3  # a judge's sureness, floored before its log
CUT_TIE = 0.01  # in the log of two parts' sureness
# Among cuts as sure as the surest, a part up to this much taller than its line's digits
# (in the log of their ratio: 16%) is as tall as they are (`_fitting_cut`). A mark beside
# one line only is cut only where both parts are (`_across_line_gap`).
HEIGHT_TOLERANCE = 0.15
# The lines are those of the other marks sharing at least BESIDE_SHARE of their rows
# with the mark: a digit written far up into the line above leaves only the top of its
# own line's digits level with it.
BESIDE_SHARE = 0.1
# Gaps between two marks this many reference heights apart in rows are the same gap
# between two lines (a tilted sheet's gap moves across it).
LINE_GAP_TOLERANCE = 0.25
# A piece belongs to a line holding at least this share of its height.
LINE_SHARE = 0.3
# A mark alone in its rows over or under a digit of a line of several is a line of its
# own if at least this share of that digit's height; a shorter one may be a stroke broken
# off the digit.
LINE_OF_ITS_OWN_HEIGHT = 0.7
# A mark that would be a line of its own, sharing at least this share of its rows with
# a line of several marks, is a digit of that line written up into the line above or
# down into the one below (`group_lines`).
LONE_MARK_SHARE = 0.1
# Writing tilted by MIN_TILT (2 degrees) to MAX_TILT (17 degrees) is levelled before its
# lines are found, when at least MIN_TILT_MARKS marks line up TILT_GAIN times better
# sheared by that slope than level (tried in steps of TILT_STEP).
MIN_TILT = 0.035
MAX_TILT = 0.3
TILT_STEP = 0.005
TILT_GAIN = 1.1
MIN_TILT_MARKS = 4
TILT_BATCH_FLOATS = 250_000


@dataclass(frozen=True)
class Piece:
    """A candidate digit: its box at working scale and which pixels of the box are its ink."""

    x: int
    y: int
    width: int
    height: int
    mask: np.ndarray  # bool (height, width)
    # The two parts of a mark cut across two lines into two surely whole digits
    # (`cut_across_lines`) share a number, the upper part's positive and the lower's
    # negative, and are never put on one line; 0 for every other piece.
    across: int = 0

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @functools.cached_property
    def area(self) -> int:
        # Asked for thousands of times a reading (sizes, merges, cuts); the mask never changes.
        return int(self.mask.sum())

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2


def working_scale(shape: tuple[int, ...]) -> float:
    """Factor (<= 1) that brings the longer side down to WORKING_MAX_SIDE."""
    return min(1.0, WORKING_MAX_SIDE / max(shape[:2]))


def resize_for_work(rgba: np.ndarray) -> tuple[np.ndarray, float]:
    scale = working_scale(rgba.shape)
    if scale == 1.0:
        return rgba, 1.0
    size = (max(1, round(rgba.shape[1] * scale)), max(1, round(rgba.shape[0] * scale)))
    # Area averaging where a big photo shrinks a lot (no aliasing); bilinear for a mild
    # shrink, where it looks the same and costs a seventh (2 ms for a 1500-pixel canvas).
    interpolation = cv2.INTER_AREA if scale < 0.5 else cv2.INTER_LINEAR
    return cv2.resize(rgba, size, interpolation=interpolation), scale


def _border_pixels(image: np.ndarray) -> np.ndarray:
    thickness = max(1, min(image.shape[:2]) // 50)
    return np.concatenate(
        [
            image[:thickness].reshape(-1, *image.shape[2:]),
            image[-thickness:].reshape(-1, *image.shape[2:]),
            image[:, :thickness].reshape(-1, *image.shape[2:]),
            image[:, -thickness:].reshape(-1, *image.shape[2:]),
        ]
    )


@dataclass(frozen=True)
class InkMap:
    ink: np.ndarray  # float32 (H, W) in [0, 1]
    kind: str  # "transparent canvas", "canvas" or "photo"
    blank: bool
    noise_level: float = 0.0  # photos: the paper's grain, on the ink map's scale
    # Photos: paper lighter than its estimate beyond the grain, as beside bold strokes
    # that the estimate took for paper (see bold_stroke_paper), or ink taken for paper
    # (`_ink_taken_for_paper`).
    paper_doubt: bool = False
    # Photos smoothed against a camera's grain (see _quieter): the smoothing's width in
    # pixels, 0 when there was none.
    smoothing: float = 0.0
    # Photos in good light still noisy once smoothed (NOISY_FLOOR), read on the median's
    # paper: the mean's (ink_map's `mean_paper`) may find the ink where that finds none.
    median_paper_noisy: bool = False
    # The difference from the paper or background (0..255) that the map's 1.0 stands for.
    contrast: float = 255.0


def ink_map(rgba: np.ndarray, bold_strokes: bool = False, mean_paper: bool = False) -> InkMap:
    """Where the ink is, as floats in [0, 1], whatever the colours and the lighting.
    `bold_strokes`: a photo's paper is estimated for strokes too bold for the usual
    estimate (see bold_stroke_paper). `mean_paper`: a photo still noisy once smoothed
    is read on the mean's paper (paper_without_ink) in good light too, not only in dim."""
    alpha = cv2.extractChannel(rgba, 3)  # contiguous copies through OpenCV: several times faster
    transparent = cv2.countNonZero((alpha < 128).view(np.uint8))
    if transparent * 2 > alpha.size or (
        transparent >= PAINT_ONLY_SHARE * alpha.size and _one_paint(rgba, alpha)
    ):
        # A transparent canvas: strokes are wherever paint is, in any colour (black
        # ink on transparent turns all-black under a naive grey conversion).
        ink = alpha.astype(np.float32) / 255.0
        return InkMap(ink, "transparent canvas", blank=int(alpha.max()) < MINIMUM_CONTRAST)

    colour = cv2.cvtColor(rgba, cv2.COLOR_RGBA2RGB)
    if alpha.min() < 255:  # partly transparent: composite over the background colour
        background = np.median(_border_pixels(colour), axis=0)
        weight = alpha[..., None].astype(np.float32) / 255.0
        colour = np.round(colour * weight + background * (1 - weight)).astype(np.uint8)
    background = _background_colour(colour)
    # Largest per-channel difference from the background colour, in uint8 arithmetic.
    channels = cv2.split(cv2.absdiff(colour, (*background.tolist(), 0.0)))
    distance = cv2.max(cv2.max(channels[0], channels[1]), channels[2])
    # A drawn canvas has an exactly uniform background; a photo's varies a little everywhere.
    # (Two counts: a histogram of the whole image costs ten times as much.)
    flat = _share_at_most(distance, FLAT_TOLERANCE)
    contrast = int(cv2.minMaxLoc(distance)[1])
    # Light strokes on one flat background (see LIGHT_STROKE_DARKER) are a drawing however
    # broad their soft edges and however much of it they cover; so are dark ones cropped
    # close (see CROPPED_FLAT_SHARE).
    cropped = flat < FLAT_SHARE
    drawing = (
        flat >= CROPPED_FLAT_SHARE
        and _one_exact_colour(distance, flat)
        and (
            (not cropped and not _soft_regions(distance, contrast))
            or _one_sided_strokes(colour, distance, contrast, gaps_of_background=cropped)
            or (cropped and _dark_strokes_cropped_close(colour, distance, contrast))
        )
    )
    if drawing:
        if contrast < MINIMUM_CONTRAST:
            return InkMap(np.zeros(distance.shape, np.float32), "canvas", blank=True)
        ink = np.multiply(distance, np.float32(1.0 / contrast), dtype=np.float32)  # one pass
        return InkMap(ink, "canvas", blank=False, contrast=float(contrast))
    return _photo_ink(colour, bold_strokes, mean_paper)


def _background_colour(colour: np.ndarray) -> np.ndarray:
    """The commonest colour of the image's border, channel by channel (see FLAT_SHARE)."""
    border = _border_pixels(colour)
    commonest = [np.bincount(border[:, channel], minlength=256).argmax() for channel in range(3)]
    return np.array(commonest, np.float64)


def _one_exact_colour(distance: np.ndarray, flat: float) -> bool:
    """Are the pixels near the background's colour (`flat`, their share) nearly all
    exactly it (EXACT_SHARE), as a drawing's are: all of them, or, where strokes cover
    much of the image (under FLAT_SHARE left to the background), those beyond a JPEG's
    reach from anything else (see JPEG_REACH)?"""
    if _share_at_most(distance, EXACT_TOLERANCE) >= EXACT_SHARE * flat:
        return True
    if flat >= FLAT_SHARE:
        return False
    near = cv2.inRange(distance, 0, FLAT_TOLERANCE)
    far = cv2.erode(near, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * JPEG_REACH + 1,) * 2))
    far_count = cv2.countNonZero(far)
    if far_count < JPEG_FAR_SHARE * distance.size:
        return False
    exact = cv2.countNonZero(cv2.bitwise_and(far, cv2.inRange(distance, 0, EXACT_TOLERANCE)))
    return exact >= EXACT_SHARE * far_count


def _dark_strokes_cropped_close(colour: np.ndarray, distance: np.ndarray, contrast: int) -> bool:
    """Is this a drawing of dark strokes cropped close (see CROPPED_FLAT_SHARE): no soft
    regions away from the strokes, and everything off the background darker than it?"""
    if _soft_regions(distance, contrast, away_from_strokes=True):
        return False
    return _one_sided_strokes(colour, distance, contrast, light=False, gaps_of_background=True)


def _jpeg_ringing(strokes: np.ndarray, distance: np.ndarray) -> np.ndarray:
    """Where a JPEG's errors may ring past the background's colour beside strong strokes:
    within JPEG_REACH of both the strokes (uint8 mask) and a pixel of the background's
    exact colour. Bold light strokes on a dark ground ring darker than it there, by up to
    29 levels over 0.2 to 0.5% of what is off it (four `cropped` JPEGs of development
    seeds 1 and 2, and drawings saved at quality 75), and counted as the other side
    (LIGHT_STROKE_DARKER) they sent such drawings to the photo path ("4936" read nothing,
    "79" read "710" over "1"). A sheet's writing darker than the desk around it lies
    inside the sheet, away from the desk's colour, and still counts."""
    reach = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * JPEG_REACH + 1,) * 2)
    background = cv2.inRange(distance, 0, EXACT_TOLERANCE)
    return (cv2.dilate(strokes, reach) > 0) & (cv2.dilate(background, reach) > 0)


def _one_sided_strokes(
    colour: np.ndarray,
    distance: np.ndarray,
    contrast: int,
    light: bool = True,
    gaps_of_background: bool = False,
) -> bool:
    """Is everything off one flat background's colour lighter than it (or, not `light`,
    darker), and is its largest strong mark no solid region (see LIGHT_STROKE_DARKER)?
    With `gaps_of_background`, a solid one whose hull's gaps are mostly the background's
    colour is strokes too (see CROPPED_GAP_BACKGROUND)."""
    grey = cv2.cvtColor(colour, cv2.COLOR_RGB2GRAY).astype(np.int16)
    if not light:  # dark strokes on a light background: the same test, in the negative
        grey = 255 - grey
    background = int(np.median(grey[distance <= EXACT_TOLERANCE]))
    off = distance > FLAT_TOLERANCE
    other_side = off & (grey < background - FLAT_TOLERANCE)
    off_count = cv2.countNonZero(off.view(np.uint8))
    if not off_count:
        return False
    marks = ((distance > SOFT_LEVEL * contrast) & (grey > background)).view(np.uint8)
    if cv2.countNonZero(other_side.view(np.uint8)) > LIGHT_STROKE_DARKER * off_count:
        other_side &= ~_jpeg_ringing(marks, distance)
        if cv2.countNonZero(other_side.view(np.uint8)) > LIGHT_STROKE_DARKER * off_count:
            return False
    count, labels, stats, _ = cv2.connectedComponentsWithStats(marks)
    if count < 2:
        return False
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    area = int(stats[largest, cv2.CC_STAT_AREA])
    if area < LIGHT_SHEET_AREA * marks.size:
        return True
    left, top, width, height = stats[largest, :4]
    mark = (labels[top : top + height, left : left + width] == largest).astype(np.uint8)
    contours, _ = cv2.findContours(mark, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(np.vstack(contours))
    if area < LIGHT_SHEET_SOLIDITY * cv2.contourArea(hull):
        return True
    if not gaps_of_background:
        return False
    in_hull = np.zeros_like(mark)
    cv2.fillConvexPoly(in_hull, hull, 1)
    gaps = (in_hull > 0) & (mark == 0)
    gap_distance = distance[top : top + height, left : left + width][gaps]
    return gap_distance.size > 0 and np.count_nonzero(gap_distance <= FLAT_TOLERANCE) >= (
        CROPPED_GAP_BACKGROUND * gap_distance.size
    )


def _one_paint(rgba: np.ndarray, alpha: np.ndarray) -> bool:
    """Are the opaque pixels all one colour (ONE_PAINT_SPREAD), as a pen's strokes are?"""
    _, spread = cv2.meanStdDev(cv2.cvtColor(rgba, cv2.COLOR_RGBA2RGB), mask=(alpha >= 128).view(np.uint8))
    return float(spread.max()) <= ONE_PAINT_SPREAD


def _soft_regions(distance: np.ndarray, contrast: int, away_from_strokes: bool = False) -> bool:
    """Are there broad areas between the background's colour and the ink's (see SOFT_SHARE)?"""
    strong = max(FLAT_TOLERANCE + 1, int(SOFT_LEVEL * contrast))
    between = cv2.inRange(distance, FLAT_TOLERANCE + 1, strong)
    broad = cv2.erode(between, np.ones((SOFT_WIDTH, SOFT_WIDTH), np.uint8))
    if away_from_strokes:  # a blurred stroke's soft edge lies along its full-strength core
        strokes = cv2.inRange(distance, strong + 1, 255)
        beside = cv2.dilate(strokes, np.ones((2 * SOFT_EDGE_REACH + 1,) * 2, np.uint8))
        broad = cv2.bitwise_and(broad, cv2.bitwise_not(beside))
    return cv2.countNonZero(broad) > SOFT_SHARE * distance.size


def _share_at_most(values: np.ndarray, level: int) -> float:
    """Share of the uint8 `values` that are <= level."""
    return np.count_nonzero(values <= level) / values.size


# The paper is estimated on a copy this long, with a median window this share of its
# longer side: wider than a bold marker digit's strokes (on a strip of digits, the
# shorter side is about one digit tall, too narrow), narrower than a shadow or a gradient.
# A median keeps a hard shadow's edge where a blur or a max filter would smear it into ink.
PAPER_SIDE = 300
PAPER_WINDOW_SHARE = 0.25
# Where a photo strays lighter than its paper by less than the faintest ink, light ink
# is only light detail at most this share of the window wide: strokes, not the broad lit
# band beside a shadow's edge (see _photo_ink).
LIGHT_STROKE_SHARE = 1 / 3
LIGHT_INK_EVIDENCE = 2.0
# Ink must stand this many noise deviations above the paper (grain, JPEG blocks).
NOISE_DEVIATIONS = 5.0
# Full-strength ink: the top share of the pixels above the noise floor, and at least
# STRONGEST_LEVEL of the median of the image's darkest STRONGEST_SHARE of pixels (a fine
# pen on a big photo inks a few thousand pixels among a million: grain just above the
# floor would outnumber them and set the level at the grain's).
INK_LEVEL_PERCENTILE = 90
STRONGEST_SHARE = 0.0001
STRONGEST_LEVEL = 0.7
# Strokes of a photo thinner than this (pixels at working size) are hairlines.
HAIRLINE_WIDTH = 1.8
# Hysteresis: ink this share of the strong threshold is kept where it touches strong ink.
HYSTERESIS_SHARE = 0.45
# ... unless faint marks stand alone on the page, each at least ALONE_AREA of it, with no
# strong ink: the back page showing through on thin paper. Faint ink joins strong ink
# then only ALONE_MARGIN above their strongest (never above ALONE_CAP of the strong
# level): a back page's stroke crossing a digit was joined to it ("0" read "8", "81850"
# over "2"). Photographed mouse-drawn numbers on such paper, 15 to 25% darker than the
# paper: 68 -> 89 of 100 read; 390 photos of 13 other kinds (pencil, glare, webcam,
# creases, squared paper, dim light ...) read as before (with ALONE_THICKNESS and
# ALONE_CLEARANCE below).
ALONE_AREA = 0.0005
ALONE_MARGIN = 1.1
ALONE_CAP = 0.9
# Not the page's own: a mark thinner on average than ALONE_THICKNESS pixels (its area
# over its box's diagonal; a crease's or a rule's short piece: the level it set broke a
# crease into short pieces read as 1s, a "0" read "1" over "01"), and one that comes
# within ALONE_CLEARANCE pixels of the writing (a stroke's end washed out by glare, the
# gap fainter still: the level cut the rest of the 1 to a speck, "131" read "13"). The
# back page's strokes are blurred wide, and most stand clear of the front's.
ALONE_THICKNESS = 2.5
ALONE_CLEARANCE = 2
# ... or where the back page's strokes all run into the writing, none standing alone: a
# faint region JOINED_HALO pixels or more from the strong ink (beyond a blurred stroke's
# own soft edge), at least ALONE_AREA of the image and JOINED_THICKNESS thick (a blurred
# stroke of its own, not a hairline, a rule or a crease), and at most JOINED_SHARE as
# dark as the strong ink it joins (a digit written in a lighter pen than the rest has
# its own strong core, and its fainter ink stands nearer it; "450802" read "45080").
# In the region where such a back page runs into the writing, its level holds even above
# ALONE_CAP of the strong level: a back page as dark as Otsu's level pulls that level
# down to its own ink. thin_paper, development seeds 1 and 2: 93 -> 97 and 92 -> 98 of
# 100; of the 7,000 other photos and drawings one reading changed (an illegible blob,
# half in a hard shadow, read "2" where it had been read "8").
JOINED_HALO = 3
JOINED_THICKNESS = 6.0
JOINED_SHARE = 0.6
# ... or where the back page is as dark as Otsu's level, which then splits the paper from
# the back page and the writing together: a second Otsu over that ink splits the writing
# from the back page where its lighter class is at most BACK_PAGE_SHARE as dark as the
# darker on average, its edges at most BACK_PAGE_SOFTNESS as steep for their darkness
# (blurred by the paper; a lighter digit's pen is as sharp as the rest), and its strokes
# at most BACK_PAGE_WIDTH times as wide as the writing's (a shadow's edge is as soft, but
# a broad patch: "11652717" read "11552717").
BACK_PAGE_SHARE = 0.55
BACK_PAGE_SOFTNESS = 0.6
BACK_PAGE_WIDTH = 3.0
# A photo where at least BOLD_EVIDENCE_SHARE of the pixels are lighter than the paper's
# estimate beyond the grain may have bold strokes that the estimate took for paper; the
# paper estimated for them is a median over BOLD_WINDOWS times the window.
BOLD_EVIDENCE_SHARE = 0.005
BOLD_WINDOWS = 3
# Or where INK_AS_PAPER_SHARE of the image (sampled every INK_AS_PAPER_STEP pixels) is
# paper to the ink map (under INK_AS_PAPER_LEVEL) but INK_AS_PAPER_DEPTH of the way from
# the paper's darkness to the ink's (the medians of the map's paper and of its ink, over
# 0.5): on development seed 1 and the real photos, no shadow reached 0.7 of the way; a
# swallowed stroke's middle stands at 0.8 and more.
INK_AS_PAPER_SHARE = 0.01
INK_AS_PAPER_DEPTH = 0.75
# ... and only where that is INK_AS_PAPER_DEVIATIONS of the paper's own (robust) deviations
# darker than the paper: flat 16-bit noise and a camera's grain alone stood at 0 to 0.3,
# the photos above at 4.6 and more.
INK_AS_PAPER_DEVIATIONS = 3.0
INK_AS_PAPER_LEVEL = 0.1
INK_AS_PAPER_STEP = 4
# A photo whose noise floor is above NOISY_FLOOR (on the ink map's 0..255 scale) and
# whose fine grain (see _grain) is at least GRAIN_LEVEL is smoothed, by Gaussians of
# these widths in turn at working size, until its floor is not. A camera's grain in dim
# light measured 7 to 20; blurred and shadowed photos, under 4.
NOISY_FLOOR = 40.0
GRAIN_LEVEL = 5.0
NOISY_SIGMAS = (1.0, 2.0, 3.0)
# Smoothed grain comes in blobs about as wide as the smoothing; its highest stand just
# above the floor, so an image of nothing but grain has a few. A mark of such a photo no
# longer than GRAIN_BLOB_WIDTHS times the smoothing's width is a speck of grain.
GRAIN_BLOB_WIDTHS = 5.0
# Paper darker than this (0..255) is not lifted further: in a deep shadow only grain would
# grow. In a photo taken in dim light, where even the lightest paper is dark, the limit is
# DIM_SHARE of that paper's lightness instead: there a vignette darkens the corners by as
# much as a shadow would, and digits written there are as much the number's as the rest.
DIM_PAPER = 100.0
DIM_SHARE = 0.5
LIGHTEST_PAPER_PERCENTILE = 95
# A dim photo's paper estimated again (paper_without_ink): a local mean over a Gaussian
# of this share of the longer side, of the pixels at most PAPER_KEEP_DEVIATIONS darker
# than the last estimate.
PAPER_MEAN_SHARE = 0.02
PAPER_KEEP_DEVIATIONS = 2.0


def _photo_ink(colour: np.ndarray, bold_strokes: bool = False, mean_paper: bool = False) -> InkMap:
    """Ink of a photo or scan: each pixel's darkness relative to the paper around it
    (lightness, for light ink on a dark board), so a shadow, a gradient or a colour
    cast changes the paper estimate and not the ink."""
    grey = cv2.cvtColor(colour, cv2.COLOR_RGB2GRAY)
    small_scale = min(1.0, PAPER_SIDE / max(grey.shape))
    small_size = (max(1, round(grey.shape[1] * small_scale)), max(1, round(grey.shape[0] * small_scale)))
    small = cv2.resize(grey, small_size, interpolation=cv2.INTER_AREA)
    window = max(3, int(round(max(small.shape) * PAPER_WINDOW_SHARE)) | 1)
    paper_small = cv2.medianBlur(small, window)
    # Polarity: ink is the sparse tail on one side of the paper, the side that strays
    # further from the paper estimate (at its 99.5th percentile). Dark ink on light paper
    # is by far the commoner photo, and the rim of a bright patch strays too: light ink
    # must stray LIGHT_INK_EVIDENCE times as far to be believed.
    residual = small.astype(np.float32) - paper_small
    light_tail = float(np.percentile(residual, 99.5))
    if light_tail < FAINTEST_INK:
        # Lighter than the paper by less than the faintest ink: the paper's own light, such
        # as the lit side of a shadow's edge, where the median's paper lags behind over a
        # broad band; beside a small number (its ink under the 0.5% the percentile looks
        # at) it outweighed the dark ink ("6523" in a shadow read as light ink, the digits
        # lost). Then only light detail no wider than LIGHT_STROKE_SHARE of the window,
        # strokes, counts as light ink.
        disk = cv2.getStructuringElement(
            cv2.MORPH_ELLIPSE, (max(3, int(window * LIGHT_STROKE_SHARE) | 1),) * 2
        )
        strokes = cv2.morphologyEx(small, cv2.MORPH_TOPHAT, disk).astype(np.float32)
        light_tail = float(np.percentile(np.minimum(residual, strokes), 99.5))
    light_paper = LIGHT_INK_EVIDENCE * np.percentile(-residual, 99.5) >= light_tail
    away = residual if light_paper else -residual  # away from the ink: paper lighter than estimated
    paper_doubt = np.count_nonzero(away > _noise_floor(away)) >= BOLD_EVIDENCE_SHARE * away.size
    if bold_strokes:
        paper_small = bold_stroke_paper(small, paper_small, window, light_paper)
    grey = grey.astype(np.float32)
    difference, lightest = _difference_from_paper(grey, paper_small, light_paper)
    difference, floor, smoothing = _quieter(difference, _noise_floor(difference))
    median_paper_noisy = floor > NOISY_FLOOR and lightest >= DIM_PAPER and not mean_paper
    if floor > NOISY_FLOOR and (lightest < DIM_PAPER or mean_paper):
        # A dim photo still noisy once smoothed: what stands out is not grain but the
        # median's paper missing a vignette's falloff (see paper_without_ink). In good
        # light the median stays: a mean would smear a hard shadow's edge into ink. But
        # bold digits filling a strip pull the median's paper down, so that a dim strip
        # can look lit well enough; where the median's paper leaves nothing to read, the
        # reader asks for the mean's (`mean_paper`, InkMap.median_paper_noisy).
        paper_small = paper_without_ink(small, paper_small, light_paper)
        difference, _ = _difference_from_paper(grey, paper_small, light_paper)
        difference, floor, smoothing = _quieter(difference, _noise_floor(difference))
    above = difference[difference > floor]
    if above.size == 0:
        return InkMap(np.zeros(grey.shape, np.float32), "photo", True, median_paper_noisy=median_paper_noisy)
    count = min(above.size, max(50, int(STRONGEST_SHARE * difference.size)))
    strongest = np.partition(above, above.size - count)[above.size - count :]
    contrast = max(
        float(np.percentile(above, INK_LEVEL_PERCENTILE)), STRONGEST_LEVEL * float(np.median(strongest))
    )
    if contrast < FAINTEST_INK:
        return InkMap(np.zeros(grey.shape, np.float32), "photo", True, median_paper_noisy=median_paper_noisy)
    ink = np.clip(difference / contrast, 0, 1).astype(np.float32)
    if not (paper_doubt or bold_strokes):
        paper_doubt = _ink_taken_for_paper(ink, grey, light_paper)
    return InkMap(
        ink, "photo", False, min(1.0, floor / contrast), paper_doubt, smoothing, median_paper_noisy, contrast
    )


def _ink_taken_for_paper(ink: np.ndarray, grey: np.ndarray, light_paper: bool) -> bool:
    """Is INK_AS_PAPER_SHARE of the image, in one place, paper to the ink map yet nearly
    as dark as its ink (INK_AS_PAPER_DEPTH)? The middle of a marker stroke filling more
    than half of the paper estimate's window along its length: the estimate takes it for
    paper, and beside a lone straight stroke it is right, so the paper casts no other
    doubt (a bold 1 photographed close up was read as its two ends, "0" over "0" or "7"
    over "6", or as its outline, "11"). A shadow as dark as that is doubted too, and the
    photo read again for nothing (the surer reading is kept)."""
    step = INK_AS_PAPER_STEP
    ink, grey = ink[::step, ::step], grey[::step, ::step]
    darkness = 255.0 - grey if light_paper else grey
    inked, paper = ink > 0.5, ink < INK_AS_PAPER_LEVEL
    if not inked.any() or not paper.any():
        return False
    paper_darkness, deviation = _median_and_deviation(darkness[paper])
    level = paper_darkness + INK_AS_PAPER_DEPTH * (float(np.median(darkness[inked])) - paper_darkness)
    if level - paper_darkness < INK_AS_PAPER_DEVIATIONS * deviation:
        return False  # "ink" no darker than the paper's grain: a photo of grain alone
    dark_paper = (paper & (darkness > level)).astype(np.uint8)
    if cv2.countNonZero(dark_paper) < INK_AS_PAPER_SHARE * ink.size:
        return False
    # In one place, as a stroke's middle is: a camera's grain alone has specks of "paper"
    # as dark as its "ink" (the grain's peaks) all over the photo.
    _, _, stats, _ = cv2.connectedComponentsWithStats(dark_paper)
    return bool(stats[1:, cv2.CC_STAT_AREA].max() >= INK_AS_PAPER_SHARE * ink.size)


def _difference_from_paper(
    grey: np.ndarray, paper_small: np.ndarray, light_paper: bool
) -> tuple[np.ndarray, float]:
    """How far each pixel of `grey` stands from the paper (`paper_small`, enlarged) toward
    the ink, on a 0..255 scale, and the lightness of the lightest paper."""
    paper = cv2.resize(paper_small, grey.shape[::-1], interpolation=cv2.INTER_LINEAR).astype(np.float32)
    # Relative to the paper's own lightness: ink in a shadow is as dark, for its paper,
    # as the same ink in full light (down to a dim paper; below that only grain grows).
    lightness = paper_small if light_paper else 255 - paper_small
    lightest = float(np.percentile(lightness, LIGHTEST_PAPER_PERCENTILE))
    dim = min(DIM_PAPER, DIM_SHARE * lightest)
    if light_paper:
        return (paper - grey) * (255.0 / np.maximum(paper, dim)), lightest
    return (grey - paper) * (255.0 / np.maximum(255.0 - paper, dim)), lightest


def paper_without_ink(small: np.ndarray, paper: np.ndarray, light_paper: bool) -> np.ndarray:
    """The paper of `small` (the reduced grey photo) estimated again from the pixels
    `paper` (the median's estimate) finds no darker than paper: their local mean, twice,
    each time leaving out what stands out from the last estimate.

    The median's window is a quarter of the longer side, square: on a strip of digits
    it spans the whole height, and in dim light a vignette darkens the strip's top and
    bottom by as much as the ink, which the median cannot follow. Bold digits filling
    the strip also pull it down. The grain, scaled up with the dim paper, then set the
    noise floor above the ink (a strip of eight digits read as nothing, or its grain
    read as digits). A mean of the paper alone follows the falloff in both directions."""
    small = small.astype(np.float32)
    estimate = paper.astype(np.float32)
    sigma = max(2.0, PAPER_MEAN_SHARE * max(small.shape))
    for _ in range(2):
        residual = (estimate - small) if light_paper else (small - estimate)  # ink: positive
        _, deviation = _median_and_deviation(residual)
        keep = (residual <= PAPER_KEEP_DEVIATIONS * max(deviation, 1.0)).astype(np.float32)
        support = cv2.GaussianBlur(keep, (0, 0), sigma)
        mean = cv2.GaussianBlur(small * keep, (0, 0), sigma)
        # Where the window holds almost nothing but ink, the last estimate stays.
        estimate = np.where(support > 0.05, mean / np.maximum(support, 1e-6), estimate)
    return np.clip(estimate, 0, 255).astype(np.uint8)


def bold_stroke_paper(small: np.ndarray, paper: np.ndarray, window: int, light_paper: bool) -> np.ndarray:
    """The median's paper lifted to a median over BOLD_WINDOWS times the window, where
    that is lighter (on dark paper, darker).

    Where bold strokes fill more than half of the median's window (a marker digit
    photographed close up), the median is ink, and the middle of the strokes vanishes
    into the "paper" (a 7 read as its two ends); the paper beside them is then lighter
    than its estimate, which a right estimate never is beyond the grain. Over a wider
    window the strokes are a small share. The wider median also smears a hard shadow's
    edge into ink, so the reader tries this paper only as a second reading of a photo
    with that evidence (InkMap.paper_doubt), and keeps the surer of the two readings
    (core.reading.reader.read_number)."""
    wide = min(window * BOLD_WINDOWS, (max(small.shape) // 2) * 2 - 1) | 1
    wider = cv2.medianBlur(small, wide)
    return np.maximum(paper, wider) if light_paper else np.minimum(paper, wider)


def _quieter(difference: np.ndarray, floor: float) -> tuple[np.ndarray, float, float]:
    """A grainy photo's ink map smoothed until its grain is below NOISY_FLOOR, with its
    new floor and the smoothing's width (the Gaussians' combined sigma); a photo
    already quieter comes back as it was, with a width of 0.

    In a dim room a camera's grain can stand as far from the paper as the ink does,
    pixel by pixel: no threshold then parts them, and the whole number is lost as
    specks. A stroke is wider than a pixel and the grain is not, so averaging over a
    few pixels lowers the grain far more than the ink. A high floor without fine grain
    (a blurred photo, a shadow's edge) is left alone: smoothing takes detail there and
    lowers nothing."""
    if floor <= NOISY_FLOOR or _grain(difference) < GRAIN_LEVEL:
        return difference, floor, 0.0
    smoothed, smoothed_floor, widths = difference, floor, []
    for sigma in NOISY_SIGMAS:  # each on the last
        if smoothed_floor <= NOISY_FLOOR:
            break
        wider = cv2.GaussianBlur(smoothed, (0, 0), sigma)
        wider_floor = _noise_floor(wider)
        if wider_floor >= smoothed_floor:
            break
        smoothed, smoothed_floor = wider, wider_floor
        widths.append(sigma)
    return smoothed, smoothed_floor, float(np.sqrt(sum(width**2 for width in widths)))


def _grain(difference: np.ndarray) -> float:
    """The map's pixel-to-pixel grain: robust deviation of what a one-pixel Gaussian
    takes away (ink edges are too few to count; a blur or a shadow leaves next to none)."""
    return _median_and_deviation(difference - cv2.GaussianBlur(difference, (0, 0), 1.0))[1]


def _noise_floor(difference: np.ndarray) -> float:
    """How far above the paper the paper's own grain reaches: the signed difference's
    median plus NOISE_DEVIATIONS robust deviations (the map is mostly paper)."""
    median, deviation = _median_and_deviation(difference)
    return median + NOISE_DEVIATIONS * max(deviation, 1.0)


def _median_and_deviation(values: np.ndarray) -> tuple[float, float]:
    """Median and robust standard deviation (1.4826 median absolute deviations) of a
    sample of at most about 200,000 of the values."""
    sample = values.reshape(-1)[:: max(1, values.size // 200_000)]
    median = float(np.median(sample))
    return median, 1.4826 * float(np.median(np.abs(sample - median)))


def binarize(ink: InkMap, levels: InkLevels | None = None) -> np.ndarray:
    """uint8 mask (0 or 1) of inked pixels. `levels`: a photo's, where the caller has
    them already (_ink_levels)."""
    if ink.blank:
        return np.zeros(ink.ink.shape, np.uint8)
    if ink.kind != "photo":
        return (ink.ink >= CANVAS_THRESHOLD).astype(np.uint8)
    # Photos: Otsu's threshold on the ink map, kept above the noise floor, with
    # hysteresis: fainter ink joined to strong ink is kept (a blurred or thin stroke
    # fades along its length and would break into dashes), faint ink alone is not
    # (and where faint ink stands alone on the page, see ALONE_AREA).
    strong_level, weak_level, _ = _ink_levels(ink) if levels is None else levels
    strong = ink.ink >= strong_level
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        (ink.ink >= weak_level).astype(np.uint8), connectivity=8
    )
    keep = _holding(strong, labels, count)
    joined = _joined_back_page_levels(ink.ink, strong, labels, stats, weak_level)
    back_page = max([_alone_level(ink.ink, labels, stats, keep), *joined.values()])
    if back_page > weak_level:
        # Faint ink that stands alone on the page as large as a stroke, or runs into the
        # writing as thick as one, is the page's own (the back page showing through), and
        # ink as faint is no part of the writing where it touches it.
        level = np.full(ink.ink.shape, min(back_page, ALONE_CAP * strong_level), np.float32)
        for label, joined_level in joined.items():
            # Where the back page runs into the writing, its own level holds in that
            # region even above the strong level, which such a back page pulls down.
            region = labels == label
            level[region] = np.maximum(level[region], joined_level)
        count, labels = cv2.connectedComponents((ink.ink >= level).astype(np.uint8), connectivity=8)
        keep = _holding(strong, labels, count)
    mask = keep[labels]
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def _holding(strong: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """uint8 per label: 1 for the regions holding strong ink (never the background, 0)."""
    keep = np.zeros(count, np.uint8)
    keep[np.unique(labels[strong])] = 1
    keep[0] = 0
    return keep


def _alone_level(levels: np.ndarray, labels: np.ndarray, stats: np.ndarray, keep: np.ndarray) -> float:
    """ALONE_MARGIN times the strongest ink of the faint regions (labels of `levels` at
    the weak level, `keep` marking those that hold strong ink) that hold no strong ink,
    cover at least ALONE_AREA of the image, are no thin line (ALONE_THICKNESS) and keep
    clear of the writing (ALONE_CLEARANCE); 0 where there are none."""
    areas = stats[:, cv2.CC_STAT_AREA]
    alone = np.flatnonzero((keep == 0) & (areas >= ALONE_AREA * levels.size))
    alone = alone[alone > 0]  # label 0 is the background
    if alone.size == 0:
        return 0.0
    side = 2 * ALONE_CLEARANCE + 1
    near_writing = cv2.dilate(keep[labels], np.ones((side, side), np.uint8))
    peaks = []
    for label in alone.tolist():
        x, y, width, height = stats[label, :4].tolist()
        region = labels[y : y + height, x : x + width] == label
        thin = areas[label] / np.hypot(width, height) < ALONE_THICKNESS
        if thin or near_writing[y : y + height, x : x + width][region].any():
            continue
        peaks.append(float(levels[y : y + height, x : x + width][region].max()))
    return ALONE_MARGIN * max(peaks) if peaks else 0.0


def _joined_back_page_levels(
    levels: np.ndarray, strong: np.ndarray, weak_labels: np.ndarray, weak_stats: np.ndarray, weak_level: float
) -> dict[int, float]:
    """Label (in `weak_labels`, the regions at `weak_level`) -> ALONE_MARGIN times the
    strongest ink of the faint regions in it that lie JOINED_HALO pixels or more from the
    strong ink, cover at least ALONE_AREA of the image, are JOINED_THICKNESS thick or
    more, and are at most JOINED_SHARE as dark as the strong ink of that region (its
    median): the back page's strokes where they run into the writing."""
    faint = (levels >= weak_level) & (cv2.dilate(strong.view(np.uint8), disk(JOINED_HALO)) == 0)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(faint.view(np.uint8), connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    thickness = areas / np.hypot(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    large = np.flatnonzero((areas >= ALONE_AREA * levels.size) & (thickness >= JOINED_THICKNESS)) + 1
    found: dict[int, float] = {}
    strong_ink: dict[int, float] = {}  # per region at the weak level: its strong ink's median
    for label in large.tolist():
        x, y, width, height = stats[label, :4].tolist()
        region = labels[y : y + height, x : x + width] == label
        peak = float(levels[y : y + height, x : x + width][region].max())
        # The region at the weak level that holds it, and the strong ink there.
        joined = int(weak_labels[y : y + height, x : x + width][region][0])
        if joined not in strong_ink:
            x, y, width, height = weak_stats[joined, :4].tolist()
            box = np.s_[y : y + height, x : x + width]
            holding = (weak_labels[box] == joined) & strong[box]
            strong_ink[joined] = float(np.median(levels[box][holding])) if holding.any() else 0.0
        if peak <= JOINED_SHARE * strong_ink[joined]:
            found[joined] = max(found.get(joined, 0.0), ALONE_MARGIN * peak)
    return found


class InkLevels(NamedTuple):
    """A photo's levels for binarize: certain ink (Otsu's threshold, kept above the noise
    floor, or the writing's own level above a back page as dark as that), the fainter ink
    hysteresis joins to it, and whether the back page was split off
    (_above_the_back_page)."""

    strong: float
    weak: float
    back_page_split: bool


def _ink_levels(ink: InkMap) -> InkLevels:
    otsu_level = _otsu_level(ink)
    split = _above_the_back_page(ink, otsu_level)
    strong_level = otsu_level if split is None else split
    return InkLevels(strong_level, max(ink.noise_level, HYSTERESIS_SHARE * strong_level), split is not None)


def _otsu_level(ink: InkMap) -> float:
    otsu, _ = cv2.threshold(
        np.round(ink.ink * 255).astype(np.uint8), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU
    )
    return max(otsu / 255.0, 0.3, ink.noise_level)


def _above_the_back_page(ink: InkMap, otsu_level: float) -> float | None:
    """Otsu's threshold over the ink at `otsu_level` or above where that ink falls in two:
    a lighter class at most BACK_PAGE_SHARE as dark as the darker one on average, with at
    least ALONE_AREA of the image JOINED_HALO pixels or more from it, strong enough to be
    ink (FAINTEST_INK; fainter, _too_faint leaves it out and says so), its edges at most
    BACK_PAGE_SOFTNESS as steep for their darkness and its strokes at most BACK_PAGE_WIDTH
    times as wide as the darker class's; None otherwise."""
    levels = ink.ink
    inked = levels[levels >= otsu_level]
    if inked.size == 0:
        return None
    split, _ = cv2.threshold(
        np.round(inked * 255).astype(np.uint8).reshape(-1, 1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU
    )
    split /= 255.0
    lighter, darker = inked[inked < split], inked[inked >= split]
    if lighter.size == 0 or darker.size == 0 or lighter.mean() > BACK_PAGE_SHARE * darker.mean():
        return None
    writing = (levels >= split).view(np.uint8)
    apart = ((levels >= otsu_level) & (cv2.dilate(writing, disk(JOINED_HALO)) == 0)).view(np.uint8)
    if apart.sum() < ALONE_AREA * levels.size or levels[apart > 0].max() * ink.contrast < FAINTEST_INK:
        return None
    slope = np.hypot(
        cv2.Sobel(levels, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(levels, cv2.CV_32F, 0, 1, ksize=3)
    )
    if _edge_steepness(levels, slope, apart) > BACK_PAGE_SOFTNESS * _edge_steepness(levels, slope, writing):
        return None
    lighter_strokes = ((levels >= otsu_level) & (levels < split)).view(np.uint8)
    if _stroke_width(lighter_strokes, apart) > BACK_PAGE_WIDTH * _stroke_width(writing, writing):
        return None
    return float(split)


def _faint_marks_left_out(ink: InkMap, mask: np.ndarray, levels: InkLevels | None) -> list[IgnoredPiece]:
    """The marks of a photo's ink at binarize's weak level that its `mask` left out, each
    at least ALONE_AREA of the image, shown to the user since no piece is made of them:
    where _above_the_back_page split the back page off, what it left out JOINED_HALO
    pixels or more from the writing (not the soft edges of its strokes), as BACK_PAGE;
    otherwise the faint marks standing alone, joined to none of the writing (the back
    page, a shadow's edge, a digit in a far lighter pen), as FAINT. A blurred digit's own
    fringe, cut from it by the back page's level (_joined_back_page_levels), is not shown."""
    if levels is None:  # drawings: every stroke is kept or judged as a piece
        return []
    faint = (ink.ink >= levels.weak).view(np.uint8)
    if levels.back_page_split:
        faint &= (cv2.dilate(mask, disk(JOINED_HALO)) == 0).view(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(faint, connectivity=8)
    left_out = _holding(mask > 0, labels, count) == 0
    left_out &= stats[:, cv2.CC_STAT_AREA] >= ALONE_AREA * mask.size
    left_out[0] = False  # the background
    reason = BACK_PAGE if levels.back_page_split else FAINT
    marks = []
    for label in np.flatnonzero(left_out)[:MAX_IGNORED].tolist():
        x, y, width, height = stats[label, :4].tolist()
        own = labels[y : y + height, x : x + width] == label
        marks.append(IgnoredPiece(Piece(x, y, width, height, own), reason))
    return marks


def _stroke_width(mask: np.ndarray, where: np.ndarray) -> float:
    """The 99th percentile, over the pixels of `where`, of the distance from inside `mask`
    (both uint8) to its edge: half the width of its widest strokes."""
    distance = cv2.distanceTransform(mask, cv2.DIST_L2, 3)
    return float(np.percentile(distance[where > 0], 99))


def _edge_steepness(levels: np.ndarray, slope: np.ndarray, mask: np.ndarray) -> float:
    """How steeply ink rises at the edges of `mask` (uint8), for its darkness: the 90th
    percentile of the gradient (`slope`, Sobel's magnitude) along them over the mean
    level inside."""
    square = np.ones((3, 3), np.uint8)
    edges = cv2.dilate(mask, square) != cv2.erode(mask, square)
    return float(np.percentile(slope[edges], 90)) / 8 / float(levels[mask > 0].mean())


def _strong_ink(ink: InkMap) -> np.ndarray | None:
    """Photos: uint8 mask of the certain ink alone, without the fainter ink that
    binarize joins to it (None for drawings)."""
    if ink.kind != "photo" or ink.blank:
        return None
    return (ink.ink >= _ink_levels(ink).strong).view(np.uint8)


@dataclass(frozen=True)
class IgnoredPiece:
    """A mark left out of the reading, and why: shown to the user, never dropped silently."""

    piece: Piece
    reason: str


SPECK = "speck"
RULE = "ruled line or page edge"
BORDER = "edge of the page or a shadow"
DASH = "dash, not a digit"
UNDERLINE = "line under or over the number"
ENCLOSURE = "box or circle around the number"
PUNCTUATION = "comma or point between digits"
HYPHEN = "hyphen or minus sign"
STRAIGHT_LINE = "straight line longer than any digit"
CUT_BY_EDGE = "cut by the edge of the photo"
FAINT = "too faint to be ink"
CELL = "side of a box or of a form's cells"
HOLES = "holes punched along the page's side"
BACK_PAGE = "the back of the page showing through"


def find_pieces(
    mask: np.ndarray,
    ignored: list[IgnoredPiece] | None = None,
    smallest: float = MINIMUM_DIGIT_SIDE,
    ink: InkMap | None = None,
) -> list[Piece]:
    """Connected components of the mask, without dust and specks (specks go to `ignored`):
    marks small against the typical mark, or shorter than `smallest` pixels. `ink`: the
    map the mask was made from, where marks too faint to be ink (see _too_faint) do not
    count towards the typical mark."""
    # Labelling only the inked box: a canvas is mostly margin (half the pixels or more).
    left, top, _, _ = box = cv2.boundingRect(mask)
    if box[2] == 0:
        return []
    inked = mask[top : top + box[3], left : left + box[2]]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(inked, connectivity=8)
    # Dust goes before any per-component Python work: a noisy photo has hundreds of it.
    kept = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] >= MINIMUM_AREA) + 1
    if len(kept) == 0:
        return []
    if len(kept) > 4 * MAX_PIECES:
        raise SegmentationError(_too_many(len(kept)))
    boxes = stats[kept]
    # The typical mark is judged away from the image's edges, where page edges and
    # shadows make tall marks that would turn small digits into "specks".
    at_edge = _at_edge(left + boxes[:, 0], top + boxes[:, 1], boxes[:, 2], boxes[:, 3], mask.shape)
    inside = boxes[~at_edge] if (~at_edge).any() else boxes
    if ink is not None:
        # Nor by marks too faint to be ink, left out later: a shadow's soft edge or the
        # back page showing through makes marks larger than small digits, which were
        # then taken for specks beside them ("81" 20 pixels tall in a 1280-pixel photo
        # read nothing, "the marks are too faint").
        levels = _strongest_levels(ink, labels, kept, boxes, left, top)
        inked = levels >= _faint_limit(levels)
        if (inked & ~at_edge).any():
            inside = boxes[inked & ~at_edge]
        elif inked.any():  # all the ink at the edge, and only faint marks inside
            inside = boxes[inked]
    reference = reference_height(inside[:, cv2.CC_STAT_HEIGHT].tolist(), inside[:, cv2.CC_STAT_AREA].tolist())
    pieces = []
    for label, (x, y, width, height, _) in zip(kept.tolist(), boxes.tolist(), strict=True):
        own = labels[y : y + height, x : x + width] == label
        piece = Piece(left + x, top + y, width, height, own)
        # A speck is small against the typical mark, or too small to be any digit at all
        # (an image of nothing but specks has specks for its typical mark).
        if max(width, height) < max(SPECK_FRACTION * reference, smallest):
            if ignored is not None and len(ignored) < MAX_IGNORED:
                ignored.append(IgnoredPiece(piece, SPECK))
            continue
        pieces.append(piece)
    if len(pieces) > MAX_PIECES:
        raise SegmentationError(_too_many(len(pieces)))
    return pieces


def remove_rules(ink: InkMap) -> tuple[InkMap, np.ndarray, list[Piece]]:
    """The ink without ruled lines, grid lines and straight page edges; where they were
    (a uint8 mask, widened along them); and each as a Piece.

    A rule is a straight horizontal or vertical line of ink (a slight tilt allowed),
    across most of the image and far longer than the digits are tall. It is found
    and taken away on the grey ink map, not the mask: a faint grid line survives
    as a line there where a threshold breaks it into dashes, and subtracting the
    line's own strength leaves a digit stroke that crosses it whole.
    """
    values = ink.ink
    height, width = values.shape
    if ink.blank or ink.kind == "transparent canvas":  # strokes on a drawing canvas: no rules
        return ink, np.zeros(values.shape, np.uint8), []
    level = max(ink.noise_level, RULE_LEVEL)
    levels = np.round(values * 255).astype(np.uint8)  # grey morphology is several times faster on bytes
    lines = {}
    tilts = _rule_tilts(levels, level)
    for direction, length in (
        ("horizontal", max(RULE_MIN_LENGTH, width // 5)),
        ("vertical", max(RULE_MIN_LENGTH, height // 5)),
    ):
        opened = _long_runs(levels, direction, length, RULE_WIDENING)
        # Lines tilted further than the widening allows (a page photographed turned by a
        # few degrees) are looked for where the image is sheared to make them straight.
        tilt, shear = tilts[direction]
        if shear:
            sheared = _long_runs(_sheared(levels, direction, tilt), direction, length, RULE_WIDENING)
            opened = cv2.max(opened, _unsheared(sheared, direction, tilt, levels.shape))
        lines[direction] = cv2.min(opened, levels)
    candidates = {direction: (line > level * 255).view(np.uint8) for direction, line in lines.items()}
    # A rule spans RULE_IMAGE_SHARE of the image: when the candidates cover less of it
    # (the usual case), there is none, and the component labelling below is skipped.
    spans = {
        "horizontal": np.count_nonzero(candidates["horizontal"].any(axis=0)) / width,
        "vertical": np.count_nonzero(candidates["vertical"].any(axis=1)) / height,
    }
    if max(spans.values()) < RULE_IMAGE_SHARE:
        return ink, np.zeros(values.shape, np.uint8), []
    without = (
        (values >= max(level, CANVAS_THRESHOLD))
        & ~(candidates["horizontal"] | candidates["vertical"]).astype(bool)
    ).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(without, connectivity=8)
    substantial = stats[1:][stats[1:, cv2.CC_STAT_AREA] >= MINIMUM_AREA]
    # Nothing but the long runs: no digit to measure a rule against (a photo of a blank
    # ruled or squared page, its squares read as digits). Rules are judged by their span
    # alone then, and kept where they cannot be a digit's stroke (see _rules_alone).
    reference = (
        reference_height(
            substantial[:, cv2.CC_STAT_HEIGHT].tolist(), substantial[:, cv2.CC_STAT_AREA].tolist()
        )
        if len(substantial)
        else 0.0
    )
    cleaned, where, found = values.copy(), np.zeros(values.shape, np.uint8), []
    horizontal_rules = None
    for direction, line in lines.items():  # horizontal first: box sides end on them
        share = CANVAS_RULE_IMAGE_SHARE if ink.kind == "canvas" else RULE_IMAGE_SHARE
        accepted, rules = _accepted_rules(
            candidates[direction],
            direction,
            reference,
            share,
            horizontal_rules,
            ink.kind == "photo",
            tilts[direction][0],
        )
        if not len(substantial):
            kept = _rules_alone(direction, rules, horizontal_rules, values.shape, ink.kind == "photo")
            for rule in rules:
                if not _among(rule, kept):
                    accepted[rule.y : rule.bottom, rule.x : rule.right][rule.mask] = 0
            rules = kept
        if direction == "horizontal" and rules:
            horizontal_rules = RulePen(accepted, np.mean([rule.area / rule.width for rule in rules]))
        if not rules:
            continue
        found += rules
        _subtract_rules(cleaned, line, accepted, rules, direction)
        # Stretched along the rules: bits of them that the line search left over lie in it.
        # Across a horizontal one, as far as it is thick: the end of a thick line drawn a
        # little off level is left beside it (a sum's line drawn by hand, read "2"). Not
        # a vertical one: a 1 written down a fold would go with it.
        reach = max(3, int(reference))
        across = RULE_WIDENING
        if direction == "horizontal":  # the rules' own pen, measured above
            across = max(RULE_WIDENING, 2 * int(round(horizontal_rules.pen)) + 1)
        band_shape = (across, reach) if direction == "horizontal" else (reach, across)
        where |= cv2.dilate(accepted, np.ones(band_shape, np.uint8))
    if not found:
        return ink, where, []
    return replace(ink, ink=cleaned), where, found


def _long_runs(levels: np.ndarray, direction: str, length: int, widening: int) -> np.ndarray:
    """`levels` (uint8 ink) kept where it stays inked along `length` pixels in `direction`,
    at its weakest strength there. Widened across the line first, so a line tilted by a
    degree or two still runs long; small gaps along it are bridged first: a margin line
    that every ruled line crosses is otherwise a row of pieces, each shorter than `length`."""
    along = (1, length) if direction == "horizontal" else (length, 1)
    across = (widening, 1) if direction == "horizontal" else (1, widening)
    widened = cv2.dilate(levels, np.ones(across, np.uint8))
    bridge = (1, RULE_GAP) if direction == "horizontal" else (RULE_GAP, 1)
    bridged = cv2.morphologyEx(widened, cv2.MORPH_CLOSE, np.ones(bridge, np.uint8))
    return cv2.morphologyEx(bridged, cv2.MORPH_OPEN, np.ones(along, np.uint8))


def _shear_matrix(direction: str, tilt: float, shape: tuple[int, int]) -> np.ndarray:
    """The affine map from a sheared image's pixels to the image's (`shape`, height and
    width) that makes lines of `tilt` in `direction` straight: a horizontal line
    y = y0 + tilt * x becomes a row, a vertical one x = x0 + tilt * y a column. The
    sheared image is longer across the lines by |tilt| times their length, so nothing is
    lost."""
    height, width = shape
    if direction == "horizontal":
        shift = -tilt * width if tilt > 0 else 0.0
        return np.float32([[1, 0, 0], [tilt, 1, shift]])
    shift = -tilt * height if tilt > 0 else 0.0
    return np.float32([[1, tilt, shift], [0, 1, 0]])


def _sheared(
    image: np.ndarray, direction: str, tilt: float, interpolation: int = cv2.INTER_LINEAR
) -> np.ndarray:
    """`image` (uint8) sheared so that its lines of `tilt` in `direction` run straight."""
    height, width = image.shape
    grow = int(np.ceil(abs(tilt) * (width if direction == "horizontal" else height))) + 1
    size = (width, height + grow) if direction == "horizontal" else (width + grow, height)
    matrix = _shear_matrix(direction, tilt, image.shape)
    return cv2.warpAffine(image, matrix, size, flags=interpolation | cv2.WARP_INVERSE_MAP)


def _unsheared(sheared: np.ndarray, direction: str, tilt: float, shape: tuple[int, int]) -> np.ndarray:
    """A sheared image (see _sheared) back on the image's pixels (`shape`)."""
    matrix = cv2.invertAffineTransform(_shear_matrix(direction, tilt, shape))
    return cv2.warpAffine(sheared, matrix, shape[::-1], flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)


def _rule_tilts(levels: np.ndarray, level: float) -> dict[str, tuple[float, bool]]:
    """Each direction's tilt (RULE_TILT_STEP apart, RULE_TILT_STEPS each way) of its
    longest line of ink: sheared to each tilt, a copy about RULE_SEARCH_SIDE pixels long
    (each block's strongest pixel, so thin lines stay) is summed along the direction, and
    a line at that tilt gathers into one row's sum; 0 where a straight line is as long.
    And whether it is RULE_TILT_GAIN times as long as the longest straight one: the
    straight search, widened, finds lines tilted by a little, and a turned page's only in
    short stretches."""
    block = max(1, int(np.ceil(max(levels.shape) / RULE_SEARCH_SIDE)))
    small = cv2.dilate(levels, np.ones((block, block), np.uint8))[::block, ::block] if block > 1 else levels
    inked = (small > level * 255).view(np.uint8)
    # A line runs long in one piece: with no mark RULE_IMAGE_SHARE of the image long in
    # a direction (a drawing's digits, a photo's number), there is none to look for.
    _, _, stats, _ = cv2.connectedComponentsWithStats(inked, connectivity=8)
    tilts = {}
    for direction, extent, side, axis in (
        ("horizontal", stats[1:, cv2.CC_STAT_WIDTH], small.shape[1], 1),
        ("vertical", stats[1:, cv2.CC_STAT_HEIGHT], small.shape[0], 0),
    ):
        tilts[direction] = (0.0, False)
        if not len(extent) or extent.max() < RULE_IMAGE_SHARE * side:
            continue
        support = {}
        for step in range(-RULE_TILT_STEPS, RULE_TILT_STEPS + 1):
            tilt = round(step * RULE_TILT_STEP, 6)
            sheared = _sheared(inked, direction, tilt, cv2.INTER_NEAREST) if step else inked
            support[tilt] = int(cv2.reduce(sheared, axis, cv2.REDUCE_SUM, dtype=cv2.CV_32S).max())
        best = max(support, key=lambda tilt: (support[tilt], -abs(tilt)))
        if support[best] > support[0]:
            tilts[direction] = (best, support[best] > RULE_TILT_GAIN * support[0])
    # A page turned by an angle turns its upright lines with its level ones (a line
    # y = y0 + t * x turned upright is x = x0 - t * y): where no line of one direction
    # stands out at a tilt, as a margin line cut short by a corner does not, that
    # direction is searched at the other's tilt, turned.
    for direction, other in (("horizontal", "vertical"), ("vertical", "horizontal")):
        if not tilts[direction][1] and tilts[other][1]:
            tilts[direction] = (-tilts[other][0], True)
    return tilts


def _subtract_rules(
    cleaned: np.ndarray, line: np.ndarray, accepted: np.ndarray, rules: list[Piece], direction: str
) -> None:
    """Takes the rules' own ink (`line` at the `accepted` pixels and around them) off the
    ink map `cleaned`, in place; a digit's stroke on a rule, stronger than the rule by
    STROKE_ON_RULE, stays."""
    near = cv2.dilate(accepted, np.ones((3, 3), np.uint8)).astype(bool)
    strength = cv2.dilate(_rule_strength(line, rules, direction), np.ones((3, 3), np.uint8))
    rule_only = np.where(line > STROKE_ON_RULE * strength, 0, line)
    cleaned[near] = np.maximum(cleaned[near] - rule_only[near] / 255.0, 0)


def _rules_alone(
    direction: str, rules: list[Piece], horizontal_rules: RulePen | None, shape: tuple[int, int], photo: bool
) -> list[Piece]:
    """On an image (of `shape`) of nothing but long straight runs, which of these `rules`
    of one direction are rules? Horizontal ones are (no digit is a long flat line).
    Vertical ones that run from the image's top to its bottom as a grid's lines do, or
    from one edge to another across a corner of a page photographed turned, where the
    page has horizontal rules too (a ruled or squared page) or, on a photo, the line is
    far thinner than any digit's stroke (see LONE_LINE_SLENDERNESS); where two do, all
    are, the rest being the grid's lines fading out. Tall 1s written close to the edges
    ("11" filling nine tenths of a photo) are as long, straight and thin, but stop short
    of them, and one vertical run alone may be a 1 cropped close."""
    if direction == "horizontal":
        return rules
    height = shape[0]
    touch = max(2, int(EDGE_MARGIN * height))
    edge_to_edge = [
        (rule.y <= touch and rule.bottom >= height - touch)
        or _ends_at_border(rule.mask.T, (rule.x, rule.y), direction, shape, touch)
        for rule in rules
    ]
    # Two lines from edge to edge make a grid: lines beside them that fade out before
    # an edge (in a shadow, or a vignette) are its lines too.
    if sum(edge_to_edge) >= 2:
        return rules
    return [
        rule
        for rule, edge in zip(rules, edge_to_edge, strict=True)
        # A vertical rule's area over its height is its thickness across a row.
        if edge
        and (horizontal_rules is not None or (photo and rule.height**2 >= LONE_LINE_SLENDERNESS * rule.area))
    ]


@dataclass(frozen=True)
class RulePen:
    """The horizontal rules found (their pixels) and their mean thickness in pixels."""

    mask: np.ndarray
    pen: float


def _rule_strength(line: np.ndarray, rules: list[Piece], direction: str) -> np.ndarray:
    """Each rule's own strength at its pixels (uint8, 0 elsewhere): the median, over the
    positions along it where it is no thicker than itself, of its strongest ink across
    it there. A digit's stroke along the rule covers a stretch of those positions, so
    it does not count (counted by pixels instead, a wide stroke crossing a thin rule
    would). Where the rule is thicker, a digit lies along it: a 1 written down a grid
    line of a short canvas covers half its length, and counted, it made the rule as
    strong as the 1, which then went with the rule."""
    strength = np.zeros_like(line)
    across = 0 if direction == "horizontal" else 1
    for rule in rules:
        box = (slice(rule.y, rule.bottom), slice(rule.x, rule.right))
        inked = np.where(rule.mask, line[box], 0)
        peaks = inked.max(axis=across)
        thickness = rule.mask.sum(axis=across)
        own = (peaks > 0) & _alone(thickness)
        strength[box][rule.mask] = np.median(peaks[own] if own.any() else peaks[peaks > 0])
    return strength


def rule_fragments(
    mask: np.ndarray, band: np.ndarray, upright_pen: float = 0.0
) -> tuple[np.ndarray, list[Piece]]:
    """Marks lying wholly inside the band along the rules: bits of a rule, not digits.
    Not a 1 written down an upright line (`upright_pen` thick): the band is cut around
    the run the line and the 1 make together, so the 1 lies wholly inside it ("11" on a
    squared page read "1"). It stands upright, ONE_ALONG_PEN times as thick as the line
    at least, and clear of the image's edge, where a bit of another line running beside
    the rule (a margin line) goes on to the edge."""
    if not band.any():
        return mask, []
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    inside = np.bincount(labels[band.astype(bool)], minlength=count)
    fragments = np.flatnonzero(inside[1:] == stats[1:, cv2.CC_STAT_AREA]) + 1
    if upright_pen > 0:
        x, y, width, height = (stats[fragments, column] for column in range(4))
        maybe_ones = fragments[
            ~_at_edge(x, y, width, height, mask.shape)
            & (height >= np.maximum(MINIMUM_DIGIT_SIDE, ONE_ALONG_UPRIGHT * width))
        ]
        ones = [
            label
            for label, (left, top, box_width, box_height) in zip(
                maybe_ones.tolist(), stats[maybe_ones, :4].tolist(), strict=True
            )
            if stroke_width(labels[top : top + box_height, left : left + box_width] == label)
            >= ONE_ALONG_PEN * upright_pen
        ]
        fragments = np.setdiff1d(fragments, ones)
    if len(fragments) == 0:
        return mask, []
    pieces = []
    for label in fragments[:MAX_IGNORED].tolist():
        x, y, width, height, _ = stats[label]
        pieces.append(
            Piece(int(x), int(y), int(width), int(height), labels[y : y + height, x : x + width] == label)
        )
    return (mask & ~np.isin(labels, fragments)).astype(np.uint8), pieces


def remove_cells(ink: InkMap) -> tuple[InkMap, np.ndarray, list[Piece]]:
    """The ink without the boxes of a form's fields (see CELL_MIN_SIDE); where they were
    (a uint8 mask, widened along them); and each side as a Piece. Taken away on the grey
    ink map as rules are, so a digit that touches or crosses its box stays whole."""
    values = ink.ink
    nothing = ink, np.zeros(values.shape, np.uint8), []
    if ink.blank or ink.kind == "transparent canvas":  # strokes on a drawing canvas: no form
        return nothing
    level = max(ink.noise_level, RULE_LEVEL)
    levels = np.round(values * 255).astype(np.uint8)
    lines = {"horizontal": _straight_ink(levels, "horizontal")}
    candidates = (lines["horizontal"] > level * 255).view(np.uint8)
    # Labelled only within the runs' box: on a photo they lie around the number.
    left, top, width, height = cv2.boundingRect(candidates)
    if width < CELL_MIN_SIDE:
        return nothing
    candidates = candidates[top : top + height, left : left + width]
    bridged = cv2.morphologyEx(candidates, cv2.MORPH_CLOSE, np.ones((1, CELL_GAP), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bridged, connectivity=8)
    if count - 1 > CELL_MAX_RUNS:
        return nothing
    runs = [
        Piece(
            left + int(x),
            top + int(y),
            int(run_width),
            int(run_height),
            (labels[y : y + run_height, x : x + run_width] == label)
            & (candidates[y : y + run_height, x : x + run_width] > 0),
        )
        for label, (x, y, run_width, run_height, _) in enumerate(stats[1:].tolist(), start=1)
        if run_width >= CELL_MIN_SIDE
    ]
    sides = _cell_sides(runs, values > level, values > max(level, CANVAS_THRESHOLD))
    if not sides:
        return nothing
    lines["vertical"] = _straight_ink(levels, "vertical")
    cleaned, where = values.copy(), np.zeros(values.shape, np.uint8)
    for direction in ("horizontal", "vertical"):
        found = [side for side, side_direction in sides if side_direction == direction]
        accepted = np.zeros(values.shape, np.uint8)
        for side in found:
            accepted[side.y : side.bottom, side.x : side.right][side.mask] = 1
        _subtract_rules(cleaned, lines[direction], accepted, found, direction)
        band_shape = (RULE_WIDENING, 3) if direction == "horizontal" else (3, RULE_WIDENING)
        where |= cv2.dilate(accepted, np.ones(band_shape, np.uint8))
    return replace(ink, ink=cleaned), where, [side for side, _ in sides]


def _straight_ink(levels: np.ndarray, direction: str) -> np.ndarray:
    """The ink (uint8 levels) that runs straight along `direction` for CELL_MIN_SIDE pixels."""
    along = (1, CELL_MIN_SIDE) if direction == "horizontal" else (CELL_MIN_SIDE, 1)
    across = (3, 1) if direction == "horizontal" else (1, 3)  # a printed line a little off level
    widened = cv2.dilate(levels, np.ones(across, np.uint8))
    return cv2.min(cv2.morphologyEx(widened, cv2.MORPH_OPEN, np.ones(along, np.uint8)), levels)


def _cell_sides(horizontal: list[Piece], inked: np.ndarray, written: np.ndarray) -> list[tuple[Piece, str]]:
    """The sides of the boxes that these horizontal runs make as tops and bottoms (see
    CELL_MIN_SIDE), each with its direction. `inked`: the ink as faint as the runs' own
    (bool), where the upright sides are found (a form printed in a light colour);
    `written`: the ink as strong as a digit's, which a box may hold."""
    # Only runs with another over the same columns can be a top or a bottom (most are a
    # digit's bar or base, alone); the straightness test is the costly one.
    horizontal = [
        run
        for run in horizontal
        if any(_over_one_another(run, other) or _over_one_another(other, run) for other in horizontal)
    ]
    horizontal = sorted(
        (
            replace(run, mask=_own_strip(run.mask))
            for run in horizontal
            if _thin_and_straight(
                run.mask,
                run.width,
                CELL_THINNESS * run.width,
                own_stretches=True,
                alone_share=CELL_ALONE_SHARE,
                band=CELL_BAND,
            )
        ),
        key=lambda run: run.y,
    )
    # Each top with the bottoms it makes a box with, nearest first.
    outlines = {
        id(top): [box for bottom in horizontal if (box := _outline(top, bottom, inked))] for top in horizontal
    }
    # Of a top's boxes, the one as tall as most tops' nearest boxes (the nearest of equals):
    # a digit's flat stroke across a tight box (a 2's base) makes a shorter one with its top.
    heights = [found[0][1].y - found[0][0].y for found in outlines.values() if found]

    def alike(box: tuple) -> int:
        height = box[1].y - box[0].y
        return sum(abs(other - height) <= CELL_LIKE * max(other, height) for other in heights)

    boxes = []  # (top, bottom, left side, right side, sides between, holds ink)
    used_bottoms = set()
    for top in horizontal:
        found = [box for box in outlines[id(top)] if id(box[1]) not in used_bottoms]
        if not found:
            continue
        top, bottom, left_side, right_side, width = max(found, key=alike)  # the first of equals
        between = _sides_between(inked, top, bottom, left_side, right_side, width)
        interior = written[top.bottom + 1 : bottom.y - 1, left_side.right + 1 : right_side.x - 1]
        holds_ink = int(np.count_nonzero(interior)) >= CELL_MIN_SIDE
        boxes.append((top, bottom, left_side, right_side, between, holds_ink))
        used_bottoms.add(id(bottom))
    sides = []
    for box in boxes:
        top, bottom, left_side, right_side, between, holds_ink = box
        form = holds_ink or between or any(_like_boxes(box, other) for other in boxes if other is not box)
        if not form:  # a lone empty box: a 0 drawn square, or a 9's loop
            continue
        sides += [(top, "horizontal"), (bottom, "horizontal")]
        sides += [(side, "vertical") for side in (left_side, right_side, *between)]
    return sides


def _over_one_another(top: Piece, bottom: Piece) -> bool:
    """Do these runs span the same columns (CELL_OVERLAP of the longer), the second
    CELL_MIN_SIDE pixels or more below the first?"""
    overlap = min(top.right, bottom.right) - max(top.x, bottom.x)
    return bottom.y - top.bottom >= CELL_MIN_SIDE and overlap >= max(
        CELL_MIN_SIDE, CELL_OVERLAP * max(top.width, bottom.width)
    )


def _outline(top: Piece, bottom: Piece, inked: np.ndarray) -> tuple | None:
    """The box that `top` and `bottom` make with upright sides at their ends: (top,
    bottom, left side, right side, the sides' width), or None."""
    if not _over_one_another(top, bottom):
        return None
    left, right = max(top.x, bottom.x), min(top.right, bottom.right)
    thinner, pen = sorted((_thickness(top.mask), _thickness(bottom.mask)))
    # One printed pen: a digit's flat stroke inside the box is no bottom of it.
    if pen > CELL_THINNESS * (bottom.bottom - top.y) or pen > BOX_PEN_TOLERANCE * thinner + 1:
        return None
    # The upright sides are found where the ink spans the height between top and bottom,
    # not as straight runs: a digit written against a side runs along it and makes it
    # crooked there, or crosses it.
    width = int(np.ceil(pen)) + 2
    left_side = _upright_side(inked, top, bottom, left - 1, width, CELL_SPAN)
    right_side = _upright_side(inked, top, bottom, right - width + 1, width, CELL_SPAN)
    if left_side is None or right_side is None:
        return None
    # Printed, each side's outer edge is straight to a pixel; a digit's flat top and foot
    # (an 8 written square) end in curves.
    if not (_straight_edge(left_side.mask, outer="left") and _straight_edge(right_side.mask, outer="right")):
        return None
    return top, bottom, left_side, right_side, width


def _straight_edge(band: np.ndarray, outer: str) -> bool:
    """Does the ink of an upright side's band (bool) end on its `outer` side in a straight
    edge, within CELL_EDGE_SPREAD of a line along RULE_STRAIGHT_SHARE of its rows?"""
    rows = np.flatnonzero(band.any(axis=1))
    inked = band[rows]
    edge = inked.argmax(axis=1) if outer == "left" else band.shape[1] - 1 - inked[:, ::-1].argmax(axis=1)
    return bool(_straight_fit(rows, edge.astype(np.float64))[2] <= CELL_EDGE_SPREAD)


def _upright_side(
    inked: np.ndarray, top: Piece, bottom: Piece, left: int, width: int, span: float
) -> Piece | None:
    """The side of a box between `top` and `bottom` in the columns from `left`, `width`
    wide, if ink there spans `span` of the rows between them; else None."""
    left = max(0, left)
    band = inked[top.y : bottom.bottom, left : left + width]
    between = band[top.bottom - top.y : bottom.y - top.y]
    if band.shape[1] == 0 or between.any(axis=1).mean() < span:
        return None
    return Piece(left, top.y, band.shape[1], band.shape[0], band.copy())


def _sides_between(
    inked: np.ndarray, top: Piece, bottom: Piece, left_side: Piece, right_side: Piece, width: int
) -> list[Piece]:
    """The sides that divide a box into a comb's cells: columns whose ink spans the box's
    whole height (CELL_DIVIDER_SPAN), printed lines being unbroken where digits cross
    them; without those that would leave a cell narrower than CELL_NARROWEST of the
    median cell (a straight 1 from the box's top to its bottom). A blank narrower than
    CELL_MIN_SIDE between two sides is no cell: the gap between two separate boxes."""
    inside = inked[top.bottom : bottom.y, left_side.right : right_side.x]
    if inside.shape[0] == 0 or inside.shape[1] < 3:
        return []
    near = inside.copy()  # each column with its neighbours: a line a pixel off upright
    near[:, 1:] |= inside[:, :-1]
    near[:, :-1] |= inside[:, 1:]
    spanning = np.flatnonzero(near.mean(axis=0) >= CELL_DIVIDER_SPAN)
    if not len(spanning):
        return []
    groups = np.split(spanning, np.flatnonzero(np.diff(spanning) > 1) + 1)
    sides = [
        _upright_side(inked, top, bottom, left_side.right + int(group[0]), len(group), CELL_DIVIDER_SPAN)
        for group in groups
        if len(group) <= 2 * width
    ]
    sides = [side for side in sides if side is not None]
    while sides:
        edges = [left_side.x + left_side.width / 2]
        edges += [side.x + side.width / 2 for side in sides] + [right_side.x + right_side.width / 2]
        widths = np.diff(edges)
        # Between two separate boxes, the blank a few pixels wide is no cell: their tops
        # are one run across it (see CELL_GAP).
        around = [left_side, *sides, right_side]
        cells = [
            index
            for index, cell_width in enumerate(widths)
            if cell_width >= CELL_MIN_SIDE
            or np.count_nonzero(
                inside[:, around[index].right - left_side.right : around[index + 1].x - left_side.right]
            )
            >= CELL_MIN_SIDE
        ]
        typical = float(np.median(widths[cells])) if cells else 0.0
        narrowest = min(cells, key=lambda index: widths[index], default=None)
        if narrowest is None or widths[narrowest] >= CELL_NARROWEST * typical:
            break
        # Of the narrow cell's two sides, the one that is no side of the box goes; of two
        # such, the one whose other cell is narrower too.
        candidates = [index for index in (narrowest - 1, narrowest) if 0 <= index < len(sides)]
        sides.pop(min(candidates, key=lambda index: widths[index] + widths[index + 1]))
    return sides


def _like_boxes(first: tuple, second: tuple) -> bool:
    """Are these two boxes within CELL_LIKE of one size, side by side on one row?"""
    width = [box[0].width for box in (first, second)]
    height = [box[1].bottom - box[0].y for box in (first, second)]
    overlap = min(first[1].bottom, second[1].bottom) - max(first[0].y, second[0].y)
    return (
        abs(width[0] - width[1]) <= CELL_LIKE * max(width)
        and abs(height[0] - height[1]) <= CELL_LIKE * max(height)
        and overlap >= 0.5 * min(height)
    )


def _thickness(run: np.ndarray) -> float:
    """The median thickness of a horizontal run (a vertical one transposed), in pixels."""
    thickness = run.sum(axis=0)
    return float(np.median(thickness[thickness > 0])) if thickness.any() else 0.0


def _accepted_rules(
    run: np.ndarray,
    direction: str,
    reference: float,
    share: float = RULE_IMAGE_SHARE,
    horizontal_rules: RulePen | None = None,
    edge_to_edge: bool = False,
    tilt: float = 0.0,
) -> tuple[np.ndarray, list[Piece]]:
    """Which long runs of one direction are rules, spanning `share` of the image at
    least, (vertical ones) a box's sides between `horizontal_rules`, or (`edge_to_edge`)
    lines across the whole image, level or at the page's `tilt`: their pixels, and each
    as a Piece."""
    height, width = run.shape
    side = width if direction == "horizontal" else height
    # One rule across its gaps (see RULE_GAP): its pieces are judged together.
    bridge = (1, RULE_GAP) if direction == "horizontal" else (RULE_GAP, 1)
    bridged = cv2.morphologyEx(run, cv2.MORPH_CLOSE, np.ones(bridge, np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bridged, connectivity=8)
    accepted, found = np.zeros_like(run), []
    for label in range(1, count):
        x, y, run_width, run_height, _ = stats[label]
        length = run_width if direction == "horizontal" else run_height
        # Across most of the image and far longer than a digit is tall, before the
        # closer look below: never a 1's stem or a 7's bar.
        long_enough = length >= share * side and length >= RULE_REFERENCES * reference
        start = x if direction == "horizontal" else y
        touch = max(2, int(EDGE_MARGIN * side))
        own = (labels[y : y + run_height, x : x + run_width] == label) & (
            run[y : y + run_height, x : x + run_width] > 0
        )
        along = own if direction == "horizontal" else own.T
        # From one edge of the photo to the opposite one, or, on a page photographed
        # turned, across a corner of it: a margin line from the top edge to the left one
        # (cut by the rules crossing it, its pieces read as 1s).
        across_image = (
            edge_to_edge
            and length >= CELL_SIDE_REFERENCES * reference
            and (
                (start <= touch and start + length >= side - touch)
                or _ends_at_border(along, (x, y), direction, run.shape, touch)
            )
        )
        side_of_box = (
            horizontal_rules is not None
            and length >= CELL_SIDE_REFERENCES * reference
            and _ends_on_rules(x, y, run_width, run_height, horizontal_rules.mask)
        )
        if not (long_enough or side_of_box or across_image):
            continue
        line_only = own
        if not (
            _thin_and_straight(along, length, tilt=tilt)
            or (side_of_box and _thin_and_straight(along, length, BOX_PEN_TOLERANCE * horizontal_rules.pen))
        ):
            if not (
                across_image
                and _thin_and_straight(
                    along, length, length / ACROSS_IMAGE_SLENDERNESS, own_stretches=True, tilt=tilt
                )
            ):
                continue
            # The line without a stroke written along it: a 1 down a fold, left wholly in
            # the band along the run, went as a bit of the rule ("7339123" read "733923").
            # The Piece keeps the whole run: its strength is measured where it runs alone.
            strip = _own_strip(along)
            line_only = strip if direction == "horizontal" else strip.T
        accepted[y : y + run_height, x : x + run_width][line_only] = 1
        found.append(Piece(int(x), int(y), int(run_width), int(run_height), own))
    return accepted, found


def _ends_at_border(
    along: np.ndarray, corner: tuple[int, int], direction: str, shape: tuple[int, int], touch: int
) -> bool:
    """Do both ends of a run's centre line (`along`: the run, transposed if vertical, its
    box's top left at `corner` (x, y) in an image of `shape`) lie within `touch` of the
    image's border, on any of its sides?"""
    positions, _, centres = _centre_line(along)
    if len(positions) < 2:
        return False
    height, width = shape
    x, y = corner
    for position, centre in ((positions[0], centres[0]), (positions[-1], centres[-1])):
        column, row = (x + position, y + centre) if direction == "horizontal" else (x + centre, y + position)
        if touch < column < width - 1 - touch and touch < row < height - 1 - touch:
            return False
    return True


def _ends_on_rules(x: int, y: int, width: int, height: int, horizontal_rules: np.ndarray) -> bool:
    """Do both ends of this vertical run (its box) meet a horizontal rule, within RULE_GAP?"""
    left, right = max(0, x - RULE_GAP), x + width + RULE_GAP
    top = horizontal_rules[max(0, y - RULE_GAP) : y + RULE_GAP, left:right]
    bottom = horizontal_rules[max(0, y + height - RULE_GAP) : y + height + RULE_GAP, left:right]
    return bool(top.any() and bottom.any())


def _thin_and_straight(
    run: np.ndarray,
    length: int,
    thickest: float | None = None,
    own_stretches: bool = False,
    alone_share: float = ALONE_SHARE,
    band: float | None = None,
    tilt: float = 0.0,
) -> bool:
    """Whether a long horizontal run (a vertical one transposed) is a rule's shape: thin
    for its length (or no thicker than `thickest` on average) and straight within a
    narrow band. Straight is judged by its centre line, not its box: a 7's bar or a 2's
    base written along the rule joins it over a short stretch and widens the box there,
    not the rule. `own_stretches`: judged only where the line runs alone (at most
    OWN_THICKNESS times its thinner quarter's thickness), at least ALONE_SHARE of its
    length, for a line across a short photo, where a digit's stroke along it is a large
    share of it: a fold down the stem of a 7 or beside a 1 made the line as thick and as
    crooked as the stroke, and the two, touching both edges, were left out together as
    a mark cut by the photo's edge. (Not for every rule: on squared paper a 1 written
    down a grid line would go with the line.) `alone_share` and `band` (the width its
    centre line may stray over) are a form's box's, printed: see CELL_ALONE_SHARE.
    `tilt`: the page's lines' (see _rule_tilts); a rule is tilted by at most RULE_TILT
    from level or from that."""
    positions, thickness, centres = _centre_line(run)
    if own_stretches and len(positions):
        alone = _alone(thickness)
        if alone.sum() < alone_share * len(positions):
            return False
        thickness, centres, positions = thickness[alone], centres[alone], positions[alone]
    if len(positions) < 2:
        return False
    slope, _, spread = _straight_fit(positions, centres)
    return bool(
        thickness.mean() <= (length / RULE_SLENDERNESS if thickest is None else thickest)
        and min(abs(slope), abs(slope - tilt)) <= RULE_TILT
        and 2 * spread <= (max(RULE_MIN_BAND, RULE_TILT * length) if band is None else band)
    )


def _straight_fit(positions: np.ndarray, values: np.ndarray) -> tuple[float, float, float]:
    """The straight line through `values` along `positions` (least squares): its slope,
    its offset, and how far the values stray from it over all but their most wayward
    stretches (the RULE_STRAIGHT_SHARE percentile of the distances)."""
    slope, offset = np.polyfit(positions, values, 1)
    spread = np.percentile(np.abs(values - (slope * positions + offset)), RULE_STRAIGHT_SHARE)
    return slope, offset, spread


def _centre_line(run: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Along a horizontal run (a vertical one transposed): the inked positions, the
    run's thickness there and its centre row there."""
    inked = run.any(axis=0)
    rows = np.arange(run.shape[0], dtype=np.float32)[:, None]
    thickness = run.sum(axis=0)[inked].astype(np.float32)
    return np.flatnonzero(inked).astype(np.float32), thickness, (run * rows).sum(axis=0)[inked] / thickness


def _alone(thickness: np.ndarray) -> np.ndarray:
    """Where a line runs alone: at most OWN_THICKNESS times the thickness of its thinner
    quarter (of the positions it inks)."""
    return thickness <= OWN_THICKNESS * np.percentile(thickness[thickness > 0], 25)


def _own_strip(run: np.ndarray) -> np.ndarray:
    """The pixels of a horizontal run (a vertical one transposed) within half its own
    thickness, and a pixel, of the straight centre line through the stretches where it
    runs alone: the line without a stroke written along it."""
    positions, thickness, centres = _centre_line(run)
    alone = _alone(thickness)
    slope, offset = np.polyfit(positions[alone], centres[alone], 1)
    centre = slope * np.arange(run.shape[1], dtype=np.float32) + offset
    rows = np.arange(run.shape[0], dtype=np.float32)[:, None]
    return run & (np.abs(rows - centre[None, :]) <= thickness[alone].mean() / 2 + 1)


def drop_stray_marks(
    pieces: list[Piece],
    shape: tuple[int, int],
    photo: bool,
    ink: InkMap | None = None,
    read_digits: ReadDigits | None = None,
) -> tuple[list[Piece], list[IgnoredPiece]]:
    """Marks no digit makes: first, straight lines longer than any digit (judged against
    the other marks, see STRAIGHT_LINE_TILT); on photos, large marks cut by the image's
    edge (a page edge, a border shadow, a table) and thin lines cut by it in a far finer
    pen than the digits' (a margin line's end, see EDGE_LINE_STROKE); anywhere, a lone
    dash far from every other mark (a phone's home bar), a line drawn under or over the
    number, a box or circle drawn around it, commas and points between its digits, and
    hyphens and minus signs beside them. Judged against the typical mark away from the
    edge. `ink`: the photo's ink map, where a digit joined to a mark cut by the edge by
    fainter ink is found again by its certain ink (see _strong_ink); where every mark
    is cut by the edge, so too (`certain_digits_inside`). `read_digits`: see
    `_lone_underline`."""
    edge_marks: list[IgnoredPiece] = []
    if photo and ink is not None and pieces:
        pieces, edge_marks = _digits_of_the_edge_marks(pieces, ink, shape)
    pieces, underlines = _without_joined_underlines(pieces, shape, photo, read_digits)
    edge_marks += underlines
    if len(pieces) < 2:
        return pieces, edge_marks
    touching = _at_edge(*_boxes(pieces), shape).tolist()
    # On photos, a line cut by the edge is a page's edge or a table's, for the rule below.
    lines = _straight_lines(
        [piece for piece, edge in zip(pieces, touching, strict=True) if not (photo and edge)]
    )
    pieces, touching = _without(pieces, touching, lines)
    holes = _binding_holes(pieces, touching)
    pieces, touching = _without(pieces, touching, holes)
    inside = [piece for piece, edge in zip(pieces, touching, strict=True) if not edge] or pieces
    reference = reference_height([piece.height for piece in inside], [piece.area for piece in inside])
    set_aside = [
        IgnoredPiece(line, UNDERLINE if _underline(line, pieces, reference) else STRAIGHT_LINE)
        for line in lines
    ] + [IgnoredPiece(hole, HOLES) for hole in holes]
    kept, ignored = [], list(set_aside)
    strong = None  # worked out for the first mark cut by the edge, if any
    pen = None  # the digits' stroke width, likewise
    for piece, edge in zip(pieces, touching, strict=True):
        large = max(piece.width, piece.height) >= BORDER_MARK_SIZE * reference
        cut = photo and edge and len(inside) < len(pieces)
        if cut and not large and pen is None:
            pen = statistics.median(stroke_width(other.mask) for other in inside)
        if cut and not large and _page_line(piece, pen):
            ignored.append(IgnoredPiece(piece, RULE))
        elif cut and (large or _hugs_edge(piece, shape)):
            ignored.append(IgnoredPiece(piece, BORDER))
            strong = _strong_ink(ink) if strong is None and ink is not None else strong
            if strong is not None:
                kept += _digits_in_border_mark(piece, strong, reference, shape)
        elif _lone_dash(piece, pieces, reference):
            ignored.append(IgnoredPiece(piece, DASH))
        elif _underline(piece, pieces, reference):
            ignored.append(IgnoredPiece(piece, UNDERLINE))
        elif _encloses_another(piece, pieces):
            ignored.append(IgnoredPiece(piece, ENCLOSURE))
            kept += _inside_the_ring(piece, reference)
        elif _punctuation(piece, pieces, reference):
            ignored.append(IgnoredPiece(piece, PUNCTUATION))
        elif _hyphen(piece, pieces, reference):
            ignored.append(IgnoredPiece(piece, HYPHEN))
        else:
            kept.append(piece)
    return (kept, edge_marks + ignored) if kept else (pieces, edge_marks + set_aside)


def _without_joined_underlines(
    pieces: list[Piece], shape: tuple[int, int], photo: bool, read_digits: ReadDigits | None = None
) -> tuple[list[Piece], list[IgnoredPiece]]:
    """The marks with any line drawn under the number taken out of them (see
    JOINED_UNDERLINE_LENGTH): the marks it joined come back apart, and the line is
    set aside; under a lone digit, as `_lone_underline` judges. A photo's marks cut by
    its edge are left to the edge rules."""
    kept, lines = [], []
    for piece in pieces:
        found = None
        if piece.width >= JOINED_UNDERLINE_LENGTH * JOINED_UNDERLINE_LOW * piece.height and not (
            photo and at_image_edge(piece, shape)
        ):
            found = _joined_underline(piece, [other for other in pieces if other is not piece], read_digits)
        if found is None:
            kept.append(piece)
            continue
        parts, line = found
        kept += parts
        lines.append(IgnoredPiece(line, UNDERLINE))
    return kept, lines


def _joined_underline(
    piece: Piece, others: list[Piece], read_digits: ReadDigits | None = None
) -> tuple[list[Piece], Piece] | None:
    """The marks left of `piece` without a line under them that it holds, and the
    line; None where it holds none, or nothing but the line. `others`: the image's
    other marks; `read_digits`: the judge of a line under one mark (`_lone_underline`)."""
    height, width = piece.mask.shape
    mask = piece.mask.view(np.uint8)
    shortest = max(RULE_MIN_BAND, int(JOINED_UNDERLINE_LENGTH * JOINED_UNDERLINE_LOW * height))
    tilt = _long_run_low_down(mask, shortest)
    if tilt is None:
        return None
    # Long level runs in the mark's lower half, where the quick look found the line, at
    # its tilt and the steps either side (the half sheared to make each level), widened
    # by a pixel up and down so a hand-drawn line's wobble does not break them.
    runs = np.zeros_like(mask)
    lower = mask[height // 2 :] * 255
    step = JOINED_UNDERLINE_TILT_STEP
    nearest = round(tilt / step)
    for tried in (nearest - 1, nearest, nearest + 1):
        tilt = tried * step
        if abs(tilt) > JOINED_UNDERLINE_TILT + 1e-9:
            continue
        sheared = _sheared(lower, "horizontal", tilt, cv2.INTER_NEAREST) if tried else lower
        opened = cv2.morphologyEx(
            cv2.dilate(sheared, np.ones((3, 1), np.uint8)), cv2.MORPH_OPEN, np.ones((1, shortest), np.uint8)
        )
        if tried:
            opened = _unsheared(opened, "horizontal", tilt, lower.shape)
        runs[height // 2 :] |= (opened >= 128).view(np.uint8)
    runs &= mask
    if not runs.any():
        return None
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    for label in np.argsort(-stats[1:, cv2.CC_STAT_WIDTH]) + 1:
        x, y, run_width, run_height, _ = stats[label]
        if run_width < shortest:
            break
        own = labels == label
        positions, thickness, centres = _centre_line(own)
        slope, offset, spread = _straight_fit(positions, centres)
        middle, pen = float(np.median(centres)), float(np.median(thickness))
        above = middle - pen / 2  # how tall the ink over the line stands
        centre = slope * np.arange(width, dtype=np.float32) + offset
        rows = np.arange(height, dtype=np.float32)[:, None]
        below = np.count_nonzero(piece.mask & (rows > centre[None, :] + pen / 2 + 1))
        over = np.flatnonzero((piece.mask & (rows < centre[None, :] - pen / 2 - 1)).any(axis=0))
        if not (
            middle >= JOINED_UNDERLINE_LOW * height
            and below <= JOINED_UNDERLINE_BELOW * piece.area
            and run_width >= JOINED_UNDERLINE_LENGTH * above
            and pen <= JOINED_UNDERLINE_THICKNESS * above
            and abs(slope) <= JOINED_UNDERLINE_TILT
            and 2 * spread <= max(RULE_MIN_BAND, RULE_TILT * run_width)
            and len(over)
        ):
            continue
        past = max(2.0, JOINED_PAST * pen)
        if not (x <= over[0] - past or x + run_width >= over[-1] + 1 + past):
            continue
        # Only the line's own strip: a 2's base written along it widens it there, and stays.
        found = _apart_from_the_line(piece, _own_strip(own))
        if found is None:
            continue
        tallest = max(part.height for part in found[0])
        digits = sum(part.height >= JOINED_DIGIT_HEIGHT * tallest for part in found[0])
        # Marks apart from it over the line count too (the line under "05" joined only the
        # 0), those beside the ink over it: not a line of digits above it.
        start, end = piece.x + x, piece.x + x + run_width
        ink_rows = (piece.y, piece.y + above)
        digits += sum(
            start <= other.centre_x <= end and ink_rows[0] < other.centre_y < ink_rows[1] for other in others
        )
        if digits >= 2:
            return found
        # Under one mark with no other beside it, a line past both its ends is no 2's base.
        alone = not any(
            other.y < piece.bottom
            and piece.y < other.bottom
            and (other.right <= piece.x or piece.right <= other.x)
            for other in others
        )
        if (alone and _past_both_ends(found[1], found[0])) or _lone_underline(piece, found[0], read_digits):
            # The digit alone: what else is left, under JOINED_DIGIT_HEIGHT of it, is slivers of the line.
            digit = max(found[0], key=lambda part: part.height)
            line = found[1]
            for sliver in found[0]:
                line = line if sliver is digit else union_of(line, sliver)
            return [digit], line
    return None


# What a 2 leaves once its base is taken: read as a 7 or a 1, a 2 with its base along the
# line may be either, and its base is left (see `_lone_underline`).
TWO_WITHOUT_ITS_BASE = (7, 1)
# ... unless no other mark stands beside it and the line reaches past it at both ends
# by LONE_UNDERLINE_PAST of its height: a 2's base starts where its stroke comes down,
# under the 2, and a lone "7" or "0" on such a line read as a sure "2". Beside other
# digits, a small 2's base may start further left ("96969721" read "96969771").
LONE_UNDERLINE_PAST = 0.25


def _past_both_ends(line: Piece, parts: list[Piece]) -> bool:
    """Does the `line` under a mark reach past the mark left without it (its tallest part)
    at both ends, by LONE_UNDERLINE_PAST of that part's height?"""
    rest = max(parts, key=lambda part: part.height)
    past = LONE_UNDERLINE_PAST * rest.height
    return line.x <= rest.x - past and line.right >= rest.right + past


def _lone_underline(piece: Piece, parts: list[Piece], read_digits: ReadDigits | None) -> bool:
    """Is the line found under one mark an underline, not that digit's own base? Where the
    mark left without it (its tallest part; the others are the line's slivers) is a digit
    both networks are sure of (`read_digits`' 1.0), and the mark with the line is read less
    surely, or as another digit, other than a 2 whose base, taken, leaves a 7 or a 1
    (TWO_WITHOUT_ITS_BASE). A digit underlined on its own joined the line into one mark, read as a
    sure "2" ("0", "8", "9" and "4" underlined read "2"), or as a doubted one ("3" read
    "32"); a 2's long base, as long as the line's test asks, read "7" without it ("25"
    read "75" before two marks were asked for). Without the judge, never."""
    if read_digits is None:
        return False
    rest = max(parts, key=lambda part: part.height)
    (whole, whole_sureness), (digit, sureness) = read_digits([piece, rest])
    if sureness < 1.0:
        return False
    if whole_sureness < 1.0:
        return True
    return whole != digit and not (whole == 2 and digit in TWO_WITHOUT_ITS_BASE)


def _long_run_low_down(mask: np.ndarray, shortest: int) -> float | None:
    """A quick look for the line, on the mark's lowest ink in blocks of rows and columns
    JOINED_SEARCH_HEIGHT to its height (so a thin line stays): along a line at the mark's
    foot, its lowest ink runs level, a pixel up or down from column to column, for
    `shortest` or more (a digit's foot crossing the line below it a few columns wide:
    passed over); along a 0's or an 8's foot, or two side by side, it curves up within
    half their width. The tilt of the longest such stretch in the mark's lower half, or
    None. Searched at full size at nine tilts, most wide marks, digits and touching
    pairs with no line, cost a canvas reading 3 ms."""
    height, width = mask.shape
    block = max(1, height // JOINED_SEARCH_HEIGHT)
    rows = height / block
    # Each column's lowest ink in the lower half, then each block of columns' lowest, in
    # blocks of rows.
    lower = mask[height // 2 :]
    lowest = np.where(lower.any(axis=0), height - 1 - np.argmax(lower[::-1], axis=0), -height)
    blocks = np.full(-(-width // block) * block, -height, np.int64)
    blocks[:width] = lowest
    lowest = (blocks.reshape(-1, block).max(axis=1) // block).astype(np.float32)
    inked = lowest >= 0
    # A foot below the line: the lowest ink dips for a few columns; the line's row is the
    # highest of the lowest rows near each column.
    level = cv2.erode(lowest[None, :], np.ones((1, 2 * JOINED_FOOT_COLUMNS + 1), np.uint8))[0]
    along = (level >= rows / 2) & inked
    steady = np.concatenate([[False], along[:-1] & along[1:] & (np.abs(np.diff(level)) <= 1), [False]])
    # Stretches of steady steps: where one starts and where it ends.
    edges = np.flatnonzero(np.diff(steady.view(np.int8)))
    starts, ends = edges[::2], edges[1::2]
    if not len(starts) or (ends - starts).max() < max(2, shortest // block - 1):
        return None
    longest = int(np.argmax(ends - starts))
    stretch = np.arange(starts[longest], ends[longest] + 1)
    slope, offset = np.polyfit(stretch.astype(np.float32), level[stretch], 1)
    # Straight, and near level: a 0's or a 3's foot curves away from any straight line
    # by more than a block, a pixel up or down at a time.
    straight = np.abs(level[stretch] - (slope * stretch + offset)) <= JOINED_SEARCH_SPREAD
    if abs(slope) > JOINED_UNDERLINE_TILT + 1 / len(stretch) or straight.mean() < RULE_STRAIGHT_SHARE / 100:
        return None
    return float(slope)


def _apart_from_the_line(piece: Piece, line: np.ndarray) -> tuple[list[Piece], Piece] | None:
    """`piece`'s marks without the `line` of its pixels, and the line. Where a digit's
    stroke crosses the line (inked just above and just below it) the stroke keeps its
    pixels; bits of the line left beside it (its round ends, a wobble: no taller than
    twice its thickness, in its rows, under no other mark) go with it: a line's end
    kept as a mark was read "1"."""
    height, width = line.shape
    columns = np.flatnonzero(line.any(axis=0))
    top = line.argmax(axis=0)[columns]
    bottom = height - 1 - line[::-1].argmax(axis=0)[columns]
    above = (top > 0) & piece.mask[np.maximum(top - 1, 0), columns]
    below = (bottom < height - 1) & piece.mask[np.minimum(bottom + 1, height - 1), columns]
    crossing = np.zeros((1, width), np.uint8)
    crossing[0, columns[above & below]] = 1
    taken = line & ~cv2.dilate(crossing, np.ones((1, 3), np.uint8)).astype(bool)
    thickness = float(np.median(line.sum(axis=0)[columns]))
    rest = (piece.mask & ~taken).view(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    line_rows = (int(top.min()), int(bottom.max()) + 1)
    marks, bits, beside = [], [], []
    for label in range(1, count):
        x, y, part_width, part_height, area = stats[label]
        if area < MINIMUM_AREA or max(part_width, part_height) < MINIMUM_DIGIT_SIDE:
            bits.append(label)
        elif part_height <= 2 * thickness and line_rows[0] <= y + part_height / 2 <= line_rows[1]:
            beside.append(label)
        else:
            marks.append(label)
    # Such a bit under a mark's columns, lower than the line's middle, is a digit's foot
    # below a line through it (one on the line's top is a sliver of the line).
    middle = (line_rows[0] + line_rows[1]) / 2
    for label in beside:
        left, right = stats[label, 0], stats[label, 0] + stats[label, 2]
        under_a_mark = stats[label, 1] + stats[label, 3] / 2 > middle and any(
            left < stats[mark, 0] + stats[mark, 2] and stats[mark, 0] < right for mark in marks
        )
        (marks if under_a_mark else bits).append(label)
    parts = [part_of(piece, labels == label) for label in marks]
    underline = part_of(piece, taken | np.isin(labels, bits))
    if not parts or underline is None:
        return None
    return parts, underline


def _digits_of_the_edge_marks(
    pieces: list[Piece], ink: InkMap, shape: tuple[int, int]
) -> tuple[list[Piece], list[IgnoredPiece]]:
    """Where every mark a digit's size is cut by the photo's edge, the digits of certain
    ink inside those marks in their place, the marks set aside (EVERY_MARK_AT_EDGE); else
    the pieces as they are."""
    at_edge = _at_edge(*_boxes(pieces), shape)
    if not at_edge.any():
        return pieces, []
    edge = [piece for piece, cut in zip(pieces, at_edge, strict=True) if cut]
    digits = certain_digits_inside(edge, ink, shape)
    if not digits:
        return pieces, []
    reference = reference_height([digit.height for digit in digits], [digit.area for digit in digits])
    inside = [piece for piece, cut in zip(pieces, at_edge, strict=True) if not cut]
    if any(piece.height >= BORDER_DIGIT_HEIGHT * reference for piece in inside):
        return pieces, []
    return inside + digits, [IgnoredPiece(piece, BORDER) for piece in edge]


def _boxes(pieces: list[Piece]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The pieces' x, y, width and height, as arrays (for `_at_edge`)."""
    return tuple(
        np.array([getattr(piece, side) for piece in pieces]) for side in ("x", "y", "width", "height")
    )


def certain_digits_inside(
    marks: list[Piece], ink: InkMap, shape: tuple[int, int], reference: float | None = None
) -> list[Piece]:
    """The digit-sized marks of certain ink (`_strong_ink`) inside photo `marks` cut by its
    edge, clear of the edge themselves (`_digit_sized_marks`): digits that a crease or a
    fold from edge to edge joined to it by its fainter ink. Digit-sized: against
    `reference` (the digits' height), else the tallest such marks; where every mark is
    cut by the edge, none unless fainter ink joined them to it (see EVERY_MARK_CLEAR)."""
    strong = _strong_ink(ink)
    if strong is None:
        return []
    regions = [
        strong[piece.y : piece.bottom, piece.x : piece.right] & piece.mask.view(np.uint8) for piece in marks
    ]
    if reference is None:
        reference = _reference_clear_of_the_edge(marks, regions, shape)
        if reference is None:
            return []
    return [
        digit
        for piece, region in zip(marks, regions, strict=True)
        for digit in _digit_sized_marks(region, piece.x, piece.y, reference, shape, without_bulk=False)
    ]


def _reference_clear_of_the_edge(
    marks: list[Piece], regions: list[np.ndarray], shape: tuple[int, int]
) -> float | None:
    """The height of the marks of certain ink (`regions`, one per mark) clear of the
    photo's edge, or None where there are none, where they are under EVERY_MARK_CLEAR of
    the certain ink, or where they are EVERY_MARK_AT_EDGE of the marks' ink or more."""
    heights, areas, certain = [], [], 0
    for piece, region in zip(marks, regions, strict=True):
        _, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
        x, y, width, height, area = stats[1:].T
        certain += int(area.sum())
        clear = (area >= MINIMUM_AREA) & ~_at_edge(piece.x + x, piece.y + y, width, height, shape)
        heights += height[clear].tolist()
        areas += area[clear].tolist()
    clear_area = sum(areas)
    if not heights or clear_area < EVERY_MARK_CLEAR * certain:
        return None
    if clear_area >= EVERY_MARK_AT_EDGE * sum(piece.area for piece in marks):
        return None
    return reference_height(heights, areas)


def _among(piece: Piece, pieces: list[Piece]) -> bool:
    return any(piece is other for other in pieces)


def _without(pieces: list[Piece], flags: list[bool], removed: list[Piece]) -> tuple[list[Piece], list[bool]]:
    """`pieces` and their `flags`, but those `removed`."""
    kept = [(piece, flag) for piece, flag in zip(pieces, flags, strict=True) if not _among(piece, removed)]
    return [piece for piece, _ in kept], [flag for _, flag in kept]


def _binding_holes(pieces: list[Piece], at_edge: list[bool]) -> list[Piece]:
    """The dots that are a page's binding holes, in one column or more (see BINDING_HOLES),
    and in their columns the marks no larger cut by the image's edge (`at_edge`, for each
    of `pieces`): a hole the edge cuts in part."""
    dots = [piece for piece in pieces if a_dot(piece.mask)]
    if len(dots) < BINDING_HOLES:
        return []
    size = float(np.median([max(dot.width, dot.height) for dot in dots]))
    alike = [dot for dot in dots if abs(max(dot.width, dot.height) - size) <= BINDING_ALIKE * size]
    holes: list[Piece] = []
    for column in _columns_of(alike, BINDING_COLUMN * size):
        if len(column) < BINDING_HOLES:
            continue
        centres = sorted(dot.centre_y for dot in column)
        gaps = np.diff(centres)
        middle = float(np.median(gaps))
        if middle < BINDING_APART * size or np.any(np.abs(gaps - middle) > BINDING_EVEN * middle):
            continue
        left, right = min(dot.x for dot in column), max(dot.right for dot in column)
        others = [
            (other, edge)
            for other, edge in zip(pieces, at_edge, strict=True)
            if _overlap(other.x, other.right, left, right) and not _among(other, column)
        ]
        cut_holes = [other for other, edge in others if edge and max(other.width, other.height) <= size]
        if len(cut_holes) < len(others):
            continue
        holes += column + cut_holes
    return holes


def _columns_of(dots: list[Piece], reach: float) -> list[list[Piece]]:
    """The dots grouped into columns: sorted across, a dot whose centre lies within
    `reach` of the column's first joins it."""
    columns: list[list[Piece]] = []
    for dot in sorted(dots, key=lambda dot: dot.centre_x):
        if columns and dot.centre_x - columns[-1][0].centre_x <= reach:
            columns[-1].append(dot)
        else:
            columns.append([dot])
    return columns


def _page_line(piece: Piece, pen: float) -> bool:
    """Is this mark a thin straight line drawn by a far finer pen than the digits'
    (`pen`: their stroke width), see EDGE_LINE_STROKE?"""
    if stroke_width(piece.mask) > EDGE_LINE_STROKE * pen:
        return False
    length, across, _ = _long_axis(piece.mask)
    return length >= EDGE_LINE_SLENDERNESS * across


def _digits_in_border_mark(
    piece: Piece, strong: np.ndarray, reference: float, shape: tuple[int, int]
) -> list[Piece]:
    """Digit-sized marks of certain ink inside a mark cut by the photo's edge, clear of
    the edge themselves: a digit that a shadow's edge or a fold crosses, joined to it by
    the fainter ink along that edge."""
    region = strong[piece.y : piece.bottom, piece.x : piece.right] & piece.mask.view(np.uint8)
    return _digit_sized_marks(region, piece.x, piece.y, reference, shape, without_bulk=True)


def _digit_sized_marks(
    region: np.ndarray, left: int, top: int, reference: float, shape: tuple[int, int], without_bulk: bool
) -> list[Piece]:
    """The marks of `region` (uint8, its corner at left, top) of a digit's size and clear
    of the image's edge; `without_bulk`: in one too large, also those beside its bulk
    (see BORDER_BULK)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    found = []
    for label in range(1, count):
        x, y, width, height, area = stats[label]
        if area < MINIMUM_AREA or height < BORDER_DIGIT_HEIGHT * reference:
            continue
        own = labels[y : y + height, x : x + width] == label
        if height > BORDER_MARK_SIZE * reference or width > BORDER_MARK_SIZE * reference:
            if without_bulk:
                found += _beside_the_bulk(own, left + int(x), top + int(y), reference, shape)
            continue
        digit = Piece(left + int(x), top + int(y), int(width), int(height), own)
        if not at_image_edge(digit, shape):
            found.append(digit)
    return found


def _beside_the_bulk(
    mark: np.ndarray, left: int, top: int, reference: float, shape: tuple[int, int]
) -> list[Piece]:
    """Digit-sized marks of `mark` (bool, its corner at left, top) once the bulk that no
    stroke is thick enough to make, and BULK_MARGIN around it, is taken away."""
    mask = mark.view(np.uint8)
    bulk = cv2.morphologyEx(mask, cv2.MORPH_OPEN, disk(max(1, int(round(BORDER_BULK * reference / 2)))))
    if not bulk.any():
        return []
    near = cv2.dilate(bulk, disk(max(1, int(round(BULK_MARGIN * reference)))))
    return _digit_sized_marks(mask & ~near.astype(bool), left, top, reference, shape, without_bulk=False)


def at_image_edge(piece: Piece, shape: tuple[int, int]) -> bool:
    """Does the piece reach within EDGE_MARGIN of the image's border?"""
    return bool(
        _at_edge(*(np.array([value]) for value in (piece.x, piece.y, piece.width, piece.height)), shape)[0]
    )


def _at_edge(x: np.ndarray, y: np.ndarray, width: np.ndarray, height: np.ndarray, shape) -> np.ndarray:
    """Which boxes reach within EDGE_MARGIN of the image's border."""
    margin = max(2, int(EDGE_MARGIN * max(shape)))
    return (
        (x <= margin) | (y <= margin) | (x + width >= shape[1] - margin) | (y + height >= shape[0] - margin)
    )


def _hugs_edge(piece: Piece, shape: tuple[int, int]) -> bool:
    """Does the whole mark lie in the thin band along one border (a sliver of a page edge)?"""
    band = max(2, int(EDGE_MARGIN * max(shape)))
    height, width = shape
    return piece.right <= band or piece.x >= width - band or piece.bottom <= band or piece.y >= height - band


def _dash_shaped(piece: Piece, reference: float, aspect: float = DASH_ASPECT) -> bool:
    return piece.width >= aspect * piece.height and piece.height <= DASH_HEIGHT * reference


def _underline(piece: Piece, pieces: list[Piece], reference: float) -> bool:
    """Does this flat mark run under or over UNDERLINE_SPANNED marks or more, or under a
    single one, clear of it and alone in its rows? A digit's own stroke cut off where the
    pen lifted is a hairline from it, a 2's base lies beside its neighbours', and a flat
    stroke over a single mark is a 7's or a 5's bar."""
    if not _dash_shaped(piece, reference) or piece.width < LONE_UNDERLINE_LENGTH * reference:
        return False
    spanned = [
        other
        for other in pieces
        if other is not piece
        and piece.x <= other.x + other.width / 2 <= piece.right
        and not piece.y <= other.y + other.height / 2 <= piece.bottom
    ]
    if len(spanned) >= UNDERLINE_SPANNED:
        return piece.width >= UNDERLINE_LENGTH * reference
    if len(spanned) != 1:
        return False
    other = spanned[0]
    alone = not any(mark is not piece and mark.y < piece.bottom and piece.y < mark.bottom for mark in pieces)
    return alone and piece.y - other.bottom >= UNDERLINE_CLEARANCE * other.height


def _straight_lines(pieces: list[Piece]) -> list[Piece]:
    """The straight lines among the marks, near level and longer than any digit (see
    STRAIGHT_LINE_TILT), judged against the other marks: such a line is often the
    largest mark of all, and counted among them it set the digits' height."""
    if len(pieces) < 2:
        return []
    typical = statistics.median(piece.height for piece in pieces)
    lines = []
    for piece in pieces:
        # The cheap test first: most marks are digits, about as wide as tall.
        if piece.width < STRAIGHT_LINE_LENGTH * typical / np.hypot(1.0, STRAIGHT_LINE_TILT):
            continue
        length, thickness, slope = _long_axis(piece.mask)
        if length >= STRAIGHT_LINE_SLENDERNESS * thickness and abs(slope) <= STRAIGHT_LINE_TILT:
            lines.append((piece, length, thickness))
    others = [piece for piece in pieces if all(piece is not line for line, _, _ in lines)]
    if not lines or not others:
        return []
    reference = reference_height([other.height for other in others], [other.area for other in others])
    longest = max(
        STRAIGHT_LINE_LENGTH * reference, STRAIGHT_LINE_TALLEST * max(other.height for other in others)
    )
    return [
        line
        for line, length, thickness in lines
        if length >= longest and thickness <= STRAIGHT_LINE_THICKNESS * reference
    ]


def _long_axis(mask: np.ndarray) -> tuple[float, float, float]:
    """A mark's extent along its long axis and across it (pixels), and the axis's slope."""
    rows, columns = np.nonzero(mask)
    moments = cv2.moments(mask.view(np.uint8), binaryImage=True)
    angle = 0.5 * np.arctan2(2 * moments["mu11"], moments["mu20"] - moments["mu02"])
    along = columns * np.cos(angle) + rows * np.sin(angle)
    across = rows * np.cos(angle) - columns * np.sin(angle)
    return float(np.ptp(along)) + 1, float(np.ptp(across)) + 1, float(np.tan(angle))


def _punctuation(piece: Piece, pieces: list[Piece], reference: float) -> bool:
    """Is this small mark a comma or a point in the gap between two digits?"""
    if max(piece.width, piece.height) > PUNCTUATION_SIZE * reference:
        return False
    reach = PUNCTUATION_REACH * reference
    centre = piece.x + piece.width / 2

    def beside(other: Piece, on_left: bool) -> bool:
        gap = piece.x - other.right if on_left else other.x - piece.right
        in_gap = other.right <= centre if on_left else other.x >= centre
        low = other.y + other.height / 2 <= piece.y <= other.bottom
        return other is not piece and in_gap and -piece.width / 2 <= gap <= reach and low

    left = [other for other in pieces if beside(other, on_left=True)]
    right = [other for other in pieces if beside(other, on_left=False)]
    if not left or not right:
        return False
    baseline = max(max(other.bottom for other in left), max(other.bottom for other in right))
    return piece.bottom >= baseline + PUNCTUATION_DROP * reference


def _hyphen(piece: Piece, pieces: list[Piece], reference: float) -> bool:
    """Is this flat mark a hyphen or a minus sign beside a digit (see HYPHEN_ASPECT)?"""
    if not _dash_shaped(piece, reference, HYPHEN_ASPECT):
        return False
    middle = piece.y + piece.height / 2
    overlap = HYPHEN_OVERLAP * piece.width

    def beside(other: Piece) -> bool:
        gap = max(piece.x - other.right, other.x - piece.right)
        level = other.y + HYPHEN_BAND * other.height <= middle <= other.bottom - HYPHEN_BAND * other.height
        tall = other.height >= TALL_SHARE * reference
        return -overlap <= gap <= PUNCTUATION_REACH * reference and level and tall

    def over_or_under(other: Piece) -> bool:  # a 4's bar, a 3's middle, a small 5's flag
        rows_apart = max(other.y - piece.bottom, piece.y - other.bottom)
        columns_shared = _overlap(piece.x, piece.right, other.x, other.right)
        return columns_shared > overlap and rows_apart <= HYPHEN_CLEARANCE * reference

    others = [other for other in pieces if other is not piece]
    return any(beside(other) for other in others) and not any(over_or_under(other) for other in others)


def _encloses_another(piece: Piece, pieces: list[Piece]) -> bool:
    """Does another mark lie in this one's hole (ENCLOSED_SHARE of its pixels)?"""
    inner = [
        other
        for other in pieces
        if other is not piece
        and piece.x < other.x
        and other.right < piece.right
        and piece.y < other.y
        and other.bottom < piece.bottom
    ]
    if not inner:
        return False
    hole = _holes(piece.mask).view(bool)
    for other in inner:
        top, left = other.y - piece.y, other.x - piece.x
        held = hole[top : top + other.height, left : left + other.width] & other.mask
        if held.sum() >= ENCLOSED_SHARE * other.area:
            return True
    return False


def _inside_the_ring(ring: Piece, reference: float) -> list[Piece]:
    """Digits that touch the inside of a box or circle drawn around the number: the parts
    of the mark further from its outside than RING_WIDTHS stroke widths. Of a ring alone
    nothing is; of a digit touching it, all but the few pixels in the ring's band."""
    filled = ring.mask.view(np.uint8) | _holes(ring.mask)
    band = max(1, int(round(RING_WIDTHS * stroke_width(ring.mask))))
    padded = np.pad(filled, band + 1)
    inner = cv2.erode(padded, disk(band))[band + 1 : -band - 1, band + 1 : -band - 1]
    residue = (ring.mask & inner.astype(bool)).view(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(residue, connectivity=8)
    pieces = []
    for label in range(1, count):
        x, y, width, height, area = stats[label]
        if area >= MINIMUM_AREA and max(width, height) >= max(SPECK_FRACTION * reference, MINIMUM_DIGIT_SIDE):
            own = labels[y : y + height, x : x + width] == label
            pieces.append(Piece(ring.x + int(x), ring.y + int(y), int(width), int(height), own))
    return pieces


def _holes(mask: np.ndarray) -> np.ndarray:
    """uint8: the pixels of the mask's holes (no path from the border reaches them)."""
    outside = np.pad(mask, 1).astype(np.uint8)
    cv2.floodFill(outside, None, (0, 0), 1)  # everything reachable from the border, and the mark
    return (outside[1:-1, 1:-1] == 0).view(np.uint8)


def _lone_dash(piece: Piece, pieces: list[Piece], reference: float) -> bool:
    if not _dash_shaped(piece, reference):
        return False
    reach = DASH_DISTANCE * reference
    for other in pieces:
        if other is piece:
            continue
        horizontal = max(other.x - piece.right, piece.x - other.right)
        vertical = max(other.y - piece.bottom, piece.y - other.bottom)
        if max(horizontal, vertical) < reach:
            return False
    return True


@dataclass(frozen=True)
class Segmentation:
    pieces: list[Piece]  # candidate digits and strokes of digits, merged where one digit was cut
    ignored: list[IgnoredPiece]  # everything else that was inked, with the reason


def segment(
    ink: InkMap,
    judge_tall_join: JoinJudge | None = None,
    whole_digits: WholeDigits | None = None,
    stacked_digits: StackedDigits | None = None,
    read_digits: ReadDigits | None = None,
) -> Segmentation:
    """The steps from an ink map to the pieces the lattice reads, keeping what it leaves
    out. `judge_tall_join`: see merge_fragments; `whole_digits` and `stacked_digits`: see
    cut_across_lines; `read_digits`: see `_lone_underline`."""
    # A form's boxes first: a comb's top and bottom are long enough to be rules, and
    # without them its sides between would be no box's (see CELL_MIN_SIDE).
    ink, cell_band, cells = remove_cells(ink)
    ink, band, rules = remove_rules(ink)
    ink = _thicken_hairlines(ink)
    upright = [_thickness(rule.mask.T) for rule in rules if rule.height > rule.width]
    levels = _ink_levels(ink) if ink.kind == "photo" and not ink.blank else None
    inked = binarize(ink, levels)
    mask, fragments = rule_fragments(inked, band | cell_band, float(np.median(upright)) if upright else 0.0)
    ignored = [IgnoredPiece(rule, RULE) for rule in rules + fragments]
    ignored += [IgnoredPiece(side, CELL) for side in cells]
    ignored += _faint_marks_left_out(ink, inked, levels)[: max(0, MAX_IGNORED - len(ignored))]
    pieces = find_pieces(
        mask, ignored, smallest=max(MINIMUM_DIGIT_SIDE, GRAIN_BLOB_WIDTHS * ink.smoothing), ink=ink
    )
    pieces, faint = _too_faint(pieces, ink)
    ignored += faint[: max(0, MAX_IGNORED - len(ignored))]
    pieces, stray = drop_stray_marks(
        pieces, mask.shape, photo=ink.kind == "photo", ink=ink, read_digits=read_digits
    )
    pieces = merge_fragments(pieces, judge_tall_join, mask.shape)
    return Segmentation(cut_across_lines(pieces, whole_digits, stacked_digits), ignored + stray)


def _too_faint(pieces: list[Piece], ink: InkMap) -> tuple[list[Piece], list[IgnoredPiece]]:
    """The marks whose strongest ink stands at least FAINTEST_INK from the paper (beside
    such marks, FAINT_BESIDE_INK of theirs where that is lower), and the rest as FAINT.
    A photo's map is scaled to its own strongest ink, so on a page with no writing the
    back page showing through or a shadow's edge look as strong as ink; here each mark is
    judged by its own difference from the paper."""
    if ink.kind == "transparent canvas":  # strokes of paint, however light their colour
        return pieces, []
    strongest = [
        _strongest_ink(ink, piece.x, piece.y, piece.width, piece.height, piece.mask.astype(np.uint8))
        for piece in pieces
    ]
    limit = _faint_limit(np.array(strongest))
    kept = [piece for piece, level in zip(pieces, strongest, strict=True) if level >= limit]
    faint = [piece for piece, level in zip(pieces, strongest, strict=True) if level < limit]
    return kept, [IgnoredPiece(piece, FAINT) for piece in faint]


def _faint_limit(strongest: np.ndarray) -> float:
    """The strongest ink (0..255 from the paper) a mark needs, among marks whose strongest
    ink is `strongest`: FAINTEST_INK, or beside ink that is faint itself, a mark nearly as
    strong is the same pen (see FAINT_BESIDE_INK), not the page's own."""
    inked = strongest[strongest >= FAINTEST_INK]
    if inked.size == 0:
        return FAINTEST_INK
    return max(FAINTEST_BESIDE_INK, min(FAINTEST_INK, FAINT_BESIDE_INK * float(np.median(inked))))


def _strongest_levels(
    ink: InkMap, labels: np.ndarray, kept: np.ndarray, boxes: np.ndarray, left: int, top: int
) -> np.ndarray:
    """Each kept component's strongest ink, 0..255 from the paper, as _too_faint judges
    it (`labels` of the mask's inked box, whose corner is at left, top); on a transparent
    canvas, where every stroke is paint, full strength."""
    if ink.kind == "transparent canvas":
        return np.full(len(kept), 255.0)
    return np.array(
        [
            _strongest_ink(
                ink,
                left + x,
                top + y,
                width,
                height,
                (labels[y : y + height, x : x + width] == label).view(np.uint8),
            )
            for label, (x, y, width, height) in zip(kept.tolist(), boxes[:, :4].tolist(), strict=True)
        ]
    )


def _strongest_ink(ink: InkMap, x: int, y: int, width: int, height: int, own: np.ndarray) -> float:
    """The strongest ink, 0..255 from the paper, of the mark `own` (uint8, its box at x, y)."""
    return cv2.minMaxLoc(ink.ink[y : y + height, x : x + width], own)[1] * ink.contrast


def _thicken_hairlines(ink: InkMap) -> InkMap:
    """A fine pen on a big photo is under a pixel wide at working size, and its mask
    breaks into dashes (a 2 read as 22). When the photo's strokes are that thin, the
    ink is widened by a pixel on each side before the threshold, closing those gaps."""
    if ink.kind != "photo" or ink.blank:
        return ink
    rough = (ink.ink >= 0.5).view(np.uint8)
    if cv2.countNonZero(rough) == 0 or stroke_width(rough.astype(bool)) >= HAIRLINE_WIDTH:
        return ink
    return replace(ink, ink=cv2.dilate(ink.ink, np.ones((3, 3), np.uint8)))


def _too_many(count: int) -> str:
    return (
        f"The image holds {count} separate marks, too many to be a handwritten number. "
        "Clear the canvas and write the digits larger, or crop the photo to the number."
    )


def reference_height(heights: list[int], areas: list[int]) -> float:
    """The height of a typical full digit: the median height of the marks that are
    substantial (by area) and at least half as tall as the tallest, so fragments
    and strokes of a broken digit do not drag it down; unless those are fewer than
    STACKED_OUTLIER_SHARE of the substantial marks, digits joined across two lines."""
    largest_area, tallest = max(areas), max(heights)
    substantial = [height for height, area in zip(heights, areas, strict=True) if area >= 0.2 * largest_area]
    full_digits = [height for height in substantial if height >= 0.5 * tallest]
    if not full_digits:  # the tallest mark is a thin line: judge by the substantial ones
        full_digits = substantial
    elif len(full_digits) < STACKED_OUTLIER_SHARE * len(substantial):
        # A few marks twice as tall as most: digits of two lines joined where one touches
        # the other, not the digits' height (then every pair of digits one over the other
        # in the two lines merged as halves of one digit; see STACKED_OUTLIER_SHARE).
        rest = [height for height in substantial if height < 0.5 * tallest]
        full_digits = [height for height in rest if height >= 0.5 * max(rest)]
    return float(statistics.median(full_digits))  # a few values: numpy's median costs 50x more


def union_of(first: Piece, second: Piece) -> Piece:
    x, y = min(first.x, second.x), min(first.y, second.y)
    right, bottom = max(first.right, second.right), max(first.bottom, second.bottom)
    mask = np.zeros((bottom - y, right - x), bool)
    for piece in (first, second):
        mask[piece.y - y : piece.bottom - y, piece.x - x : piece.right - x] |= piece.mask
    return Piece(x, y, right - x, bottom - y, mask)


def _overlap(start_a: int, end_a: int, start_b: int, end_b: int) -> int:
    return max(0, min(end_a, end_b) - max(start_a, start_b))


def a_dot(mask: np.ndarray) -> bool:
    """Is this mark all stroke, a dot or a dab of the pen (DOT_INKED, DOT_STROKE)?"""
    if min(mask.shape) < 2 * DOT_STROKE * max(mask.shape) or np.count_nonzero(mask) < DOT_INKED * mask.size:
        return False  # too narrow for such a stroke, or mostly blank: most marks end here, cheaply
    return stroke_width(mask) >= DOT_STROKE * max(mask.shape)


def should_merge(first: Piece, second: Piece, reference: float) -> bool:
    """Are these two strokes of one digit? One must sit over or inside the other's columns,
    and together they must still be digit-sized, and they are not two dots."""
    union_height = max(first.bottom, second.bottom) - min(first.y, second.y)
    union_width = max(first.right, second.right) - min(first.x, second.x)
    narrower = min(first.width, second.width)
    shorter = min(first.height, second.height)
    columns_shared = _overlap(first.x, first.right, second.x, second.right)
    rows_shared = _overlap(first.y, first.bottom, second.y, second.bottom)
    vertical_gap = max(first.y, second.y) - min(first.bottom, second.bottom)
    # A digit cut across where the pen lifted: halves one above the other, a hairline
    # apart, sharing columns. When every mark of the image is such a half, the reference
    # height is a half's, so this is judged against the halves themselves.
    if (
        # A slanted cut leaves the halves sharing a few rows: a slightly negative gap.
        -PEN_LIFT_OVERLAP * shorter <= vertical_gap <= PEN_LIFT_GAP * max(first.height, second.height)
        and columns_shared >= 0.5 * narrower
        and union_width <= 1.1 * union_height
        and union_height <= PEN_LIFT_HEIGHT * reference
    ):
        return True
    if _flag_over(first, second, reference) or _flag_over(second, first, reference):
        return True
    # A stroke lifted off a digit taller than the others (a large 5's bar, beside small
    # digits) makes it little taller: judged against that digit, not the others.
    digit_height = max(reference, first.height, second.height)
    if union_height > TALL_JOIN * digit_height or union_width > 1.1 * max(reference, union_height):
        return False
    smaller, larger = sorted((first, second), key=lambda piece: piece.area)
    fragment = smaller.area < 0.35 * larger.area or smaller.height < 0.5 * reference
    stacked = rows_shared <= 0.3 * shorter and vertical_gap <= 0.3 * reference
    joined = (columns_shared >= 0.7 * narrower and fragment) or (  # a bar or a dot over a stroke: 4, 5, 7
        stacked and columns_shared >= 0.3 * narrower  # one above the other: a pen-lifted 1, 8, 5
    )
    return joined and not (a_dot(first.mask) and a_dot(second.mask))


def _flat_stroke_over(flag: Piece, digit: Piece, reference: float, gap: float) -> bool:
    """Is `flag` a flat stroke over the top of `digit`, sharing FLAG_SHARED of the columns,
    at most `gap` of the digit's height above it (FLAG_GAP, LONE_FLAG_GAP)?"""
    return (
        _dash_shaped(flag, reference, HYPHEN_ASPECT)
        and digit.height >= TALL_SHARE * reference
        and _overlap(flag.x, flag.right, digit.x, digit.right) >= FLAG_SHARED * min(flag.width, digit.width)
        and flag.bottom <= digit.y + FLAG_BAND * digit.height
        and digit.y - flag.bottom <= gap * digit.height
    )


def _flag_over(flag: Piece, digit: Piece, reference: float) -> bool:
    """Is `flag` a flat stroke lifted off the top of `digit`, its left end over it (see FLAG_GAP)?"""
    return digit.x <= flag.x <= digit.right and _flat_stroke_over(flag, digit, reference, FLAG_GAP)


def _lone_flag_over(flag: Piece, digit: Piece, pieces: list[Piece], reference: float) -> bool:
    """Is `flag` a flat stroke alone in its rows, the flag or bar of `digit` under it drawn
    apart (see LONE_FLAG_GAP)?"""
    if not _flat_stroke_over(flag, digit, reference, LONE_FLAG_GAP):
        return False
    shared = _overlap(flag.x, flag.right, digit.x, digit.right)
    return not any(
        _overlap(other.y, other.bottom, flag.y, flag.bottom) > 0
        or (other.y >= flag.bottom and _overlap(other.x, other.right, flag.x, flag.right) >= shared)
        for other in pieces
        if other is not flag and other is not digit
    )


class TallJoin(Enum):
    """A judge's verdict on two marks one above the other, together taller than a digit."""

    ONE_DIGIT = "one digit cut where the pen lifted"
    # The verdicts below join the two unless one is a line of its own: alone in its rows
    # and clear of the rows of the other's neighbours (`_a_line_of_its_own`), whichever
    # of the two the networks doubt ("762" over "9" read "262"). A MAYBE_TWO_LINES pair
    # also stays apart across a gap between lines found elsewhere along them.
    MAYBE_TWO_LINES = "each may be a digit of its own line"
    TWO_LINES = "each is a whole digit of its own line"
    # One a whole digit, the other doubted (a 1 drawn with the mouse, a broken 5): they
    # also stay apart where the whole one lies clear of the rows of the doubted one's
    # neighbours ("11664" over "6" read "61664"); beside them, it is part of that digit.
    UPPER_WHOLE = "the upper is a whole digit, the lower may be part of one"
    LOWER_WHOLE = "the lower is a whole digit, the upper may be part of one"


# Given two marks one above the other and their union taller than a digit: are they one
# digit cut where the pen lifted, or digits of two lines?
JoinJudge = Callable[[Piece, Piece], TallJoin]
# Given marks, how surely is each one whole digit? 1.0 or more: sure enough to cut on.
WholeDigits = Callable[[list[Piece]], list[float]]
# Given a mark beside the marks of one line only, reaching a digit's height past them,
# and its two parts cut where that line ends: two digits stacked one over the other (a
# lone digit written against a digit of the line), not one digit taller than the others?
StackedDigits = Callable[[Piece, tuple[Piece, Piece]], bool]
# Given marks, the digit each is read as and how surely it is a whole digit (as WholeDigits).
ReadDigits = Callable[[list[Piece]], list[tuple[int, float]]]


def merge_fragments(
    pieces: list[Piece], judge_tall_join: JoinJudge | None = None, shape: tuple[int, int] | None = None
) -> list[Piece]:
    """Join the strokes of digits drawn in several parts, until nothing more joins.
    `shape`: the image's, where a flat stroke cut by its edge is nobody's flag (LONE_FLAG_GAP).
    A join taller than TALL_JOIN reference heights of two marks either of which has another
    beside them is made only if `judge_tall_join` (when given) agrees. The gap between
    two lines runs across them: where the judge finds two whole digits one above the
    other, every mark pair across that gap that may be two digits stays apart too (one
    digit the classifier doubts does not join its line to the next)."""
    if len(pieces) < 2:
        return pieces
    reference = reference_height([piece.height for piece in pieces], [piece.area for piece in pieces])
    pieces = sorted(pieces, key=lambda piece: piece.x)
    verdicts: dict[tuple[tuple[int, int, int, int], ...], TallJoin] = {}
    line_gaps: list[float] = []  # rows between two marks found to be digits of two lines

    def put_to_judge(first: Piece, second: Piece) -> bool:
        """Whether this tall join needs the judge (see TALL_JOIN)."""
        union_height = max(first.bottom, second.bottom) - min(first.y, second.y)
        return (
            judge_tall_join is not None
            and union_height > TALL_JOIN * reference
            and (_has_neighbour_in_its_rows(first, pieces) or _has_neighbour_in_its_rows(second, pieces))
        )

    def verdict(first: Piece, second: Piece) -> TallJoin:
        boxes = tuple((piece.x, piece.y, piece.width, piece.height) for piece in (first, second))
        if boxes not in verdicts:
            verdicts[boxes] = judge_tall_join(first, second)
            if verdicts[boxes] is TallJoin.TWO_LINES:
                line_gaps.append(_gap_row(first, second))
        return verdicts[boxes]

    # Every tall join among the marks as found is judged before any is made, so that a
    # gap between two lines found anywhere along them holds for the whole width.
    for first_index, first in enumerate(pieces):
        for second in pieces[first_index + 1 :]:
            if put_to_judge(first, second) and should_merge(first, second, reference):
                verdict(first, second)

    def joins(first: Piece, second: Piece) -> bool:
        if any(
            _lone_flag_over(flag, digit, pieces, reference)
            and (shape is None or not at_image_edge(flag, shape))
            for flag, digit in ((first, second), (second, first))
        ):
            return True
        if not should_merge(first, second, reference):
            return False
        if not put_to_judge(first, second):
            return True
        found = verdict(first, second)
        if found is TallJoin.ONE_DIGIT:
            return True
        if found is TallJoin.TWO_LINES or _a_line_of_its_own(first, second, pieces):
            return False
        if found is TallJoin.MAYBE_TWO_LINES:
            gap_row = _gap_row(first, second)
            return not any(abs(gap_row - row) <= LINE_GAP_TOLERANCE * reference for row in line_gaps)
        upper, lower = sorted((first, second), key=lambda piece: piece.y)
        whole, doubted = (upper, lower) if found is TallJoin.UPPER_WHOLE else (lower, upper)
        return not _clear_of_neighbours_rows(doubted, whole, pieces)

    merged = True
    while merged:
        merged = False
        for first_index in range(len(pieces)):
            for second_index in range(first_index + 1, len(pieces)):
                if joins(pieces[first_index], pieces[second_index]):
                    union = union_of(pieces[first_index], pieces[second_index])
                    pieces = [
                        piece
                        for index, piece in enumerate(pieces)
                        if index not in (first_index, second_index)
                    ] + [union]
                    pieces.sort(key=lambda piece: piece.x)
                    merged = True
                    break
            if merged:
                break
    return pieces


def cut_across_lines(
    pieces: list[Piece], whole_digits: WholeDigits | None = None, stacked_digits: StackedDigits | None = None
) -> list[Piece]:
    """A mark at least CUT_ACROSS_HEIGHT of the others' digit height, running from one
    line into the next (two lines written close, a stroke of one digit touching the
    digit under it), is cut in two where the lines meet, as the other marks level with
    its upper part and those level with its lower part show. Without it, the mark
    joined the two lines into one ("12" drawn over "34", the 1's foot touching the 3,
    read "124").

    Without `whole_digits` the cut runs midway between the bottom of the upper marks
    and the top of the lower ones. With it, the row is the one whose two parts it finds
    the surest whole digits (the product of their sureness; among near equals, one whose
    parts are no taller than their lines' digits, `_fitting_cut`, then the one nearest
    the middle), and at least one part must be surely whole: a tall 0 beside a 1 broken in
    two halves is no two lines. Besides the straight rows, the cut severing the least ink
    is tried (`_least_ink_boundary`), and wins where all else ties; its two parts must
    both be sure.
    Where both parts are, they are marked (`Piece.across`) to go to different lines: the
    lower one, written up into the line above, shares more rows with it than with its own.
    Where only one is, they may share a line, and the reader may join them again.

    Where only one line shows beside the mark (marks level with its upper part, or with
    its lower part, not both), the cut goes where that line ends only if two marks at
    least show it, both parts are surely whole digits STACKED_HEIGHT tall and no taller
    than that line's digits (HEIGHT_TOLERANCE: a lone digit of the next line is written
    the size of the line's), and `stacked_digits` (when given; else no such cut) finds
    them two digits stacked, not one digit taller than its neighbours: a lone digit
    written against the one over or under it ("762" over "9", the 7's foot touching the
    9, read "362"). A large 9 beside two small digits on their baseline, cut where they
    end, left a stem taller than they are ("995" read "9" over "195")."""
    if len(pieces) < 3:
        return pieces
    tallest, second = sorted((piece.height for piece in pieces), reverse=True)[:2]
    # Dots show no line of digits: a 7 beside a colon is no mark across two lines.
    no_dots = [piece for piece in pieces if not a_dot(piece.mask)]
    result = []
    for piece in pieces:
        # The others' reference is at least half their tallest: only marks within
        # CUT_ACROSS_HEIGHT / 2 of it may be that much taller (one or two, of hundreds).
        if piece.height < CUT_ACROSS_HEIGHT / 2 * (second if piece.height == tallest else tallest):
            result.append(piece)
            continue
        others = [other for other in no_dots if other is not piece]
        if not others:
            result.append(piece)
            continue
        reference = reference_height([other.height for other in others], [other.area for other in others])
        tall = piece.height >= CUT_ACROSS_HEIGHT * reference
        cut = _across_line_gap(piece, others, reference, whole_digits, stacked_digits) if tall else None
        if cut is None:
            result.append(piece)
        elif not cut[1]:
            result += cut[0]
        else:
            number = len(result) + 1  # unique: result grows by at least one each piece
            result += [replace(cut[0][0], across=number), replace(cut[0][1], across=-number)]
    return sorted(result, key=lambda piece: piece.x)


def _across_line_gap(
    piece: Piece,
    others: list[Piece],
    reference: float,
    whole_digits: WholeDigits | None,
    stacked_digits: StackedDigits | None,
) -> tuple[tuple[Piece, Piece], bool] | None:
    """`piece` cut across where the lines the other marks beside it show meet (see
    cut_across_lines), and whether the judge found both parts surely whole digits; None
    when the marks show no such gap or no cut makes a digit."""
    beside = [
        other
        for other in others
        if other.height >= 0.5 * reference
        and _overlap(other.y, other.bottom, piece.y, piece.bottom) >= BESIDE_SHARE * other.height
    ]
    upper = [other for other in beside if other.centre_y < piece.centre_y]
    lower = [other for other in beside if other.centre_y > piece.centre_y]
    one_sided = not upper or not lower
    if one_sided:
        # Two marks at least show that line: one may be a small digit beside a big one
        # ("27" with a small 7 read "7" over "21", "33" with a small 3 "2" over "32").
        if len(upper) + len(lower) < 2 or whole_digits is None or stacked_digits is None:
            return None
        # One line beside it: the other line's edge is where this one ends.
        upper_bottom = lower_top = (
            max(other.bottom for other in upper) if upper else min(other.y for other in lower)
        )
    else:
        upper_bottom, lower_top = max(other.bottom for other in upper), min(other.y for other in lower)
        # Lines of several marks may share a few rows where the sheet is tilted; one mark
        # above and one below that share rows are one wavy line, a tall 8 in it no two 0s.
        tolerance = LINE_GAP_TOLERANCE * reference if len(upper) + len(lower) > 2 else 0.0
        if upper_bottom - lower_top > tolerance:
            return None  # the marks beside it share their rows: one line
    middle = int(round((upper_bottom + lower_top) / 2)) - piece.y
    rows = [middle]
    if whole_digits is not None:
        reach, step = CUT_REACH * reference, max(1.0, CUT_STEP * reference)
        first = min(upper_bottom, lower_top) - piece.y - reach
        last = max(upper_bottom, lower_top) - piece.y + reach
        tried = {int(round(row)) for row in np.arange(first, last + step / 2, step)} | {middle}
        rows = sorted(tried, key=lambda row: (abs(row - middle), row))  # the middle first
    rows = [row for row in rows if 0.5 * reference <= row <= piece.height - 0.5 * reference]
    boundaries = [(np.full(piece.width, row), False) for row in rows]
    if whole_digits is not None and rows:
        # First, so that it wins a tie: the least ink severed is the likelier junction.
        boundaries.insert(0, (_least_ink_boundary(piece, min(rows), max(rows), middle), True))
    cuts = [
        (parts, bent) for boundary, bent in boundaries if (parts := _cut_along(piece, boundary)) is not None
    ]
    if not cuts or whole_digits is None:
        return (cuts[0][0], False) if cuts else None
    sureness = whole_digits([part for parts, _ in cuts for part in parts])
    # Neither part surely a digit: a tall digit beside a broken one, not this cut. A bent
    # cut can carve more shapes out of one digit (a 3's upper curve from its lower loop on a
    # tilted sheet), and the marks of one line beside it, not of two, show less: both parts
    # of either must be sure.
    eligible = [
        ((parts, min(pair) >= 1.0), sum(np.log(max(value, MIN_SURENESS)) for value in pair))
        for (parts, bent), pair in zip(cuts, zip(sureness[::2], sureness[1::2], strict=True), strict=True)
        if (min(pair) if bent or one_sided else max(pair)) >= 1.0
    ]
    if not eligible:
        return None
    # The surest pair, the product of the parts' sureness: summed clipped at 1.0 each, a
    # cut giving a 9's loop to the 0 over it ("8" and "7", each sure) tied with the right
    # one. Within CUT_TIE of it, one whose parts fit their lines, then the cut nearest the
    # middle: a sure digit's sureness differs from another's by noise (touching_lines on
    # the development seed: clipped 68 of 100 right, the surest 84, the nearest within
    # CUT_TIE 78; the tie also keeps right two mouse drawings of
    # tests/test_reading_real_input.py that the surest misses).
    surest = max(score for _, score in eligible)
    near_surest = [cut for cut, score in eligible if score >= surest - CUT_TIE]
    upper_height = statistics.median(other.height for other in upper) if upper else reference
    lower_height = statistics.median(other.height for other in lower) if lower else reference
    chosen = _fitting_cut(near_surest, upper_height, lower_height)
    if one_sided and (
        min(part.height for part in chosen[0]) < STACKED_HEIGHT * reference
        or _reach_past(chosen[0], upper_height, lower_height) > 0.0
        or not stacked_digits(piece, chosen[0])
    ):
        return None
    return chosen


def _fitting_cut(
    cuts: list[tuple[tuple[Piece, Piece], bool]], upper_height: float, lower_height: float
) -> tuple[tuple[Piece, Piece], bool]:
    """Of cuts as sure as each other, the first whose parts are no taller than the digits
    of their lines (`upper_height`, `lower_height`, within HEIGHT_TOLERANCE), else the
    one whose parts reach least past them. A part taller than its line's digits took a
    stroke of the other line's: the cut under a 9's loop written up against the 8 over
    it gives the 8 the loop and leaves a stem any network reads "1", both parts sure
    (touching_lines on the development seeds: 10 of 200 mended, none broken). A part
    shorter than its line's digits says less: a 1 written up into the 2 over it, its
    top among the 2's strokes, is rightly cut short (tests/test_reading_real_input.py),
    and counting it would give it the 2's bar, a "7"."""

    return min(cuts, key=lambda cut: _reach_past(cut[0], upper_height, lower_height))  # the first of equals


def _reach_past(parts: tuple[Piece, Piece], upper_height: float, lower_height: float) -> float:
    """How far the parts reach past the height of their lines' digits, beyond
    HEIGHT_TOLERANCE (in the log of the ratio, summed): 0.0 when both fit."""
    upper, lower = parts
    return sum(
        max(0.0, float(np.log(part.height / height)) - HEIGHT_TOLERANCE)
        for part, height in ((upper, upper_height), (lower, lower_height))
    )


def _least_ink_boundary(piece: Piece, first: int, last: int, middle: int) -> np.ndarray:
    """The row, for each column of `piece`, above which its upper part ends: the boundary
    from its left edge to its right within rows first to last that severs the fewest
    pixels of ink from the pixel above them, moving at most a row a column (among equals,
    the one nearest `middle`). A straight cut takes a stroke of one digit that reaches
    past the other's lowest or highest ink with it (a 6's stem written up beside the
    curve of the 2 over it: "2" read "7", the 6 "0"); this one runs around it."""
    first, last = max(1, first), min(piece.height - 1, last)
    if last < first:  # no row to search (a mark a row or two tall): straight across
        return np.full(piece.width, min(max(middle, 1), max(piece.height - 1, 1)), np.int64)
    rows = np.arange(first, last + 1)
    severed = (piece.mask[rows] & piece.mask[rows - 1]).astype(np.float64)
    # A ten-thousandth of a pixel a row from the middle: only breaks ties.
    cost = severed + 1e-4 * np.abs(rows - middle)[:, None]
    total, moves = least_cost_moves(cost.T)  # from the left edge to the right
    return rows[traced_path(moves, int(total.argmin()))]


def _cut_along(piece: Piece, boundary: np.ndarray) -> tuple[Piece, Piece] | None:
    """The ink of `piece` above and below `boundary` (a row of its own per column), or
    None when either holds none."""
    above = np.arange(piece.height)[:, None] < boundary[None, :]
    upper, lower = part_of(piece, piece.mask & above), part_of(piece, piece.mask & ~above)
    if upper is None or lower is None:
        return None
    return upper, lower


def part_of(piece: Piece, mask: np.ndarray) -> Piece | None:
    """The ink of `mask` (a part of piece's, the same shape) as a piece of its own, or
    None when it holds none."""
    inked_rows, inked_columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if len(inked_rows) == 0:
        return None
    top, bottom = int(inked_rows[0]), int(inked_rows[-1]) + 1
    left, right = int(inked_columns[0]), int(inked_columns[-1]) + 1
    return Piece(piece.x + left, piece.y + top, right - left, bottom - top, mask[top:bottom, left:right])


def _gap_row(first: Piece, second: Piece) -> float:
    """The row midway between the upper mark's bottom and the lower mark's top."""
    upper, lower = sorted((first, second), key=lambda piece: piece.y)
    return (upper.bottom + lower.y) / 2


def _clear_of_neighbours_rows(piece: Piece, lone: Piece, pieces: list[Piece]) -> bool:
    """Has `piece` neighbours on its line, and does `lone` share none of their rows?"""
    neighbours = [other for other in pieces if other is not piece and _beside_in_rows(piece, other)]
    return bool(neighbours) and all(
        _overlap(lone.y, lone.bottom, other.y, other.bottom) == 0 for other in neighbours
    )


def _a_line_of_its_own(first: Piece, second: Piece, pieces: list[Piece]) -> bool:
    """Is one of the two marks as tall as a digit (LINE_OF_ITS_OWN_HEIGHT of the other),
    alone in its rows and clear of the rows of the other's neighbours: a line of one digit
    over or under a line of several? Halves of digits broken alike along a line (four 8s
    cut at the waist) each have neighbours."""
    return any(
        lone.height >= LINE_OF_ITS_OWN_HEIGHT * piece.height
        and _clear_of_neighbours_rows(piece, lone, pieces)
        and not _has_neighbour_in_its_rows(lone, pieces)
        for piece, lone in ((first, second), (second, first))
    )


def _beside_in_rows(piece: Piece, other: Piece) -> bool:
    """Is `other` a mark at least half as tall beside `piece`, on its line?"""
    return (
        other.height >= 0.5 * piece.height
        and _overlap(piece.y, piece.bottom, other.y, other.bottom) >= (1 - LINE_SHARE) * piece.height
        and _overlap(piece.x, piece.right, other.x, other.right) == 0
    )


def _has_neighbour_in_its_rows(piece: Piece, pieces: list[Piece]) -> bool:
    """Is there another mark at least half as tall beside this one, on its line?"""
    return any(other is not piece and _beside_in_rows(piece, other) for other in pieces)


def writing_slope(pieces: list[Piece]) -> float:
    """How steeply the writing runs (rows down per column across), or 0.0 for level writing.

    The slope that lines the marks up best: sheared by it, the marks' row spans overlap
    the most (the sum over pairs of marks of the rows they share, a projection profile's
    sharpness). A page photographed at an angle tilts every line alike."""
    if len(pieces) < MIN_TILT_MARKS:
        return 0.0
    centres = np.array([piece.x + piece.width / 2 for piece in pieces], np.float32)
    centres -= centres.mean()
    tops = np.array([piece.y for piece in pieces], np.float32)
    heights = np.array([piece.height for piece in pieces], np.float32)
    slopes = np.arange(-MAX_TILT, MAX_TILT + TILT_STEP / 2, TILT_STEP, dtype=np.float32)
    sharpness = np.zeros(len(slopes), np.float32)
    # Slopes in batches of about TILT_BATCH_FLOATS floats (marks x marks each): one numpy
    # call for a few marks, bounded memory for a page of them.
    batch = max(1, TILT_BATCH_FLOATS // len(pieces) ** 2)
    for start in range(0, len(slopes), batch):
        chosen = slopes[start : start + batch, None]
        sheared_tops = tops[None, :] - chosen * centres[None, :]  # (slopes, marks)
        sheared_bottoms = sheared_tops + heights[None, :]
        shared = np.minimum(sheared_bottoms[:, :, None], sheared_bottoms[:, None, :]) - np.maximum(
            sheared_tops[:, :, None], sheared_tops[:, None, :]
        )
        sharpness[start : start + batch] = np.clip(shared, 0, None).sum(axis=(1, 2))
    best = int(sharpness.argmax())
    level = int(np.abs(slopes).argmin())
    # Level unless a tilt lines the marks up clearly better: a wavy baseline or a few
    # uneven digits are no tilt.
    if abs(slopes[best]) < MIN_TILT or sharpness[best] < TILT_GAIN * sharpness[level]:
        return 0.0
    return float(slopes[best])


def group_lines(pieces: list[Piece], slope: float | None = None) -> list[list[Piece]]:
    """Lines top to bottom, each read left to right.

    A piece joins the line that holds a good part of its height (the tallest pieces
    anchor the lines), the line widening to follow it; lines that end up sharing
    rows are one line. A wavy baseline, a slanted or a small digit stays on its line.
    Tilted writing (`writing_slope`, or `slope` when the caller has it) is grouped as
    if levelled.
    """
    if slope is None:
        slope = writing_slope(pieces)
    if not slope:
        return group_lines_level(pieces)
    middle = np.mean([piece.x + piece.width / 2 for piece in pieces])
    levelled = [
        replace(piece, y=int(round(piece.y - slope * (piece.x + piece.width / 2 - middle))))
        for piece in pieces
    ]
    original = {id(level): piece for level, piece in zip(levelled, pieces, strict=True)}
    return [[original[id(level)] for level in line] for line in group_lines_level(levelled)]


def group_lines_level(pieces: list[Piece]) -> list[list[Piece]]:
    """`group_lines` for level writing."""
    lines: list[dict] = []
    for piece in sorted(pieces, key=lambda piece: -piece.height):
        best_line, best_share = None, 0.0
        for line in lines:
            if _holds_other_part(line, piece):
                continue
            shared = _overlap(piece.y, piece.bottom, line["top"], line["bottom"])
            share = shared / min(piece.height, line["bottom"] - line["top"])
            if share > best_share:
                best_line, best_share = line, share
        if best_line is not None and best_share >= LINE_SHARE:
            best_line["pieces"].append(piece)
            best_line["top"] = min(best_line["top"], piece.y)
            best_line["bottom"] = max(best_line["bottom"], piece.bottom)
        else:
            lines.append({"top": piece.y, "bottom": piece.bottom, "pieces": [piece]})
    lines = _join_lone_marks(_join_overlapping_lines(lines))
    # A few values: statistics' median costs a fiftieth of numpy's.
    lines.sort(key=lambda line: statistics.median(piece.centre_y for piece in line["pieces"]))
    return [sorted(line["pieces"], key=lambda piece: piece.x + piece.width / 2) for line in lines]


def _join_lone_marks(lines: list[dict]) -> list[dict]:
    """Each line of one mark sharing LONE_MARK_SHARE of its height with another line
    whose marks all stand beside it, none over or under it in its columns
    (`_side_by_side`), joins the one it shares most rows with. A digit of the lower line
    written up to the one above and cut from the digit over it (`cut_across_lines`)
    shares too few of its rows with its own line to join it ("91" over "161" read "91",
    "1", "61"), and may join the rest of its line when that is one mark ("29" over "60",
    the 0 written up into the 9: "29", "0", "6"). So may a mark not cut at all: a line
    whose digits stand at different heights ("354" over "28", the 2 raised: "354", "2",
    "8"), a short 0 beside a tall 1 ("01" read "1" over "0"). A line of one digit over or
    under another shares no rows, or shares a few with the mark over it in its columns,
    and stays a line ("02331" over "6" read "602331")."""
    for lone in [line for line in lines if len(line["pieces"]) == 1]:
        if len(lone["pieces"]) != 1:
            continue  # another lone mark joined it
        piece = lone["pieces"][0]
        shared, nearest = max(
            (
                (_overlap(piece.y, piece.bottom, line["top"], line["bottom"]), index)
                for index, line in enumerate(lines)
                if line is not lone
                and not _holds_other_part(line, piece)
                and all(_side_by_side(piece, other) for other in line["pieces"])
            ),
            default=(0, -1),
        )
        if shared > 0 and shared >= LONE_MARK_SHARE * piece.height:
            lines[nearest]["pieces"].append(piece)
            lines.remove(lone)
    return lines


def _side_by_side(first: Piece, second: Piece) -> bool:
    """Does either mark's middle column lie clear of the other's columns: marks written
    beside each other, not one over the other?"""
    return any(
        not other.x <= piece.x + piece.width / 2 < other.right
        for piece, other in ((first, second), (second, first))
    )


def _join_overlapping_lines(lines: list[dict]) -> list[dict]:
    joined = True
    while joined:
        joined = False
        for first in range(len(lines)):
            for second in range(first + 1, len(lines)):
                a, b = lines[first], lines[second]
                shared = _overlap(a["top"], a["bottom"], b["top"], b["bottom"])
                apart = any(_holds_other_part(b, piece) for piece in a["pieces"])
                if not apart and shared >= LINE_SHARE * min(a["bottom"] - a["top"], b["bottom"] - b["top"]):
                    a["pieces"] += b["pieces"]
                    a["top"], a["bottom"] = min(a["top"], b["top"]), max(a["bottom"], b["bottom"])
                    del lines[second]
                    joined = True
                    break
            if joined:
                break
    return lines


def _holds_other_part(line: dict, piece: Piece) -> bool:
    """Does `line` hold the other part of the mark `piece` was cut from across two lines?"""
    return piece.across != 0 and any(other.across == -piece.across for other in line["pieces"])
