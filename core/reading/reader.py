"""read_number(image) -> Reading: which digits an image holds, where, and how sure we are.

The public API of the predictor. Steps: load any image, large JPEGs decoded already
reduced (image_input.py); find the ink, take out ruled lines and page edges, and
segment it (segment.py); turn each piece into an MNIST frame (framing.py); then read
each line as the best path through a lattice (lattice.py) of merges (pieces of a digit
drawn with the pen lifted) and splits (touching digits, cut at the thinnest columns;
a piece wide enough for several also into the best sequence of parts between cut paths
that cross the least ink, runs.py). One batch classifies every piece and every run of
neighbours, one more the halves of the pieces worth cutting, one more the parts of the
runs (a fourth, rarely, a half still wide enough for two digits). The sequence reader
(sequence.py) reads each piece worth cutting, or at least as wide as tall, whole as a
string, in one more call, and overrules the lattice's digits for it where it is far
surer of its own.
Beside the classifier, the verifier (verifier.py) says whether each candidate is one
whole digit: joins across a clear gap need its strong word, its doubt flags a digit
with advice, and it sets aside a photo's marks cut by the image edge. Ink left out
(specks, rules, edges, dashes) comes back in `Reading.ignored` with the reason.

The default model is the CNN served by onnxruntime: nothing here imports TensorFlow.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

import cv2
import numpy as np

from core import config
from core.models import DigitClassifier, load_model
from core.reading.framing import (
    MNIST_LAYOUT,
    WIDE_LAYOUT,
    levelled,
    stroke_width,
    to_frame,
    to_frames,
    to_mnist_frame,
    to_run_frame,
)
from core.reading.image_input import ImageSource, load_reduced
from core.reading.lattice import TALL_SHARE, WIDE_MIN_HEIGHT, Edge, Weights, best_path, segment_score
from core.reading.page import find_page, on_page
from core.reading.runs import cut_paths, parts_at, parts_between, straight_stroke_cuts
from core.reading.segment import (
    CUT_BY_EDGE,
    EDGE_MARGIN,
    FAINT,
    HEIGHT_TOLERANCE,
    PUNCTUATION_SIZE,
    SPECK,
    WORKING_MAX_SIDE,
    IgnoredPiece,
    InkMap,
    JoinJudge,
    Piece,
    ReadDigits,
    StackedDigits,
    TallJoin,
    WholeDigits,
    a_dot,
    at_image_edge,
    certain_digits_inside,
    group_lines,
    ink_map,
    part_of,
    reference_height,
    resize_for_work,
    segment,
    union_of,
    working_scale,
    writing_slope,
)
from core.reading.sequence import (
    SequenceReading,
    best_path_length,
    load_sequence_reader,
    string_log_probability,
)
from core.reading.sequence import best_path as sequence_best_path
from core.reading.verifier import load_verifier

LOW_CONFIDENCE = 0.8
# A chosen digit the verifier gives less than this chance of being one whole digit is
# flagged like an unsure one (and tried cut in two); full-height ones at least
# JOINED_ASPECT wide are likely two digits run together, the others part of one.
VERIFIER_UNSURE = 0.5
JOINED_ASPECT = 0.45
# What a flagged digit's doubt says: the likely cause and what the writer can do, each
# the rest of a sentence about the digit ("it is unclear to the model: ...").
JOINED = "may be two digits run together: leave a little more space between digits"
PART_OF_DIGIT = "may be only part of a digit or a stray mark: write each digit in one piece"
SMALL = "is much smaller than its neighbours, maybe a stray mark: write each digit as tall as the others"
UNCLEAR = "is unclear to the model: write this digit more clearly"
TOUCHING = "was cut from digits that touched: leave a little space between digits"
# The verifier doubts digits in a pen bolder than any it learned, or blurred as thick (a
# 0 whose hole the strokes nearly close, 0.03 to 0.4 to it, read at 100%): one at most
# BOLD_ASPECT as wide as tall, its strokes at least BOLD_STROKE of its height across,
# that the classifier reads surely (LOW_CONFIDENCE), is no pair run together, and the
# advice is about the strokes (on development seeds 1 and 2, 177 of the 192 numbers a
# digit of which gets it are read right; they were told of two digits run together or
# part of a digit; /tmp/w14/bold_adv.py).
BOLD = "is drawn in strokes so thick that its shape is hard to judge: use a thinner pen or a sharper photo"
BOLD_STROKE = 0.15
BOLD_ASPECT = 1.2
# A small digit (SMALL_DIGIT_HEIGHT) doubted for its look, bold or unclear, is so for its
# few pixels, read enlarged or not: the advice is about the photo, not the writing.
FAR = "is only a few pixels tall in the image: photograph the number from closer, or crop the image to it"
# Candidates narrower than this (width / height) are also read stretched to it; the
# stretched reading wins when it is at least this sure of a digit other than 1 (a 7 or a
# 0 only as below).
NARROW_ASPECT = 0.45
WIDENED_SURE = 0.9
# A 7 drawn narrow reads as a 1 in MNIST's frame and as a 7 widened; so does a 1 with a
# flag. The 7 is taken when the piece's top is a bar: a run of ink along the top within
# TOP_BAR_SLOPE (24 degrees) of level, at least TOP_BAR_STROKES stroke widths long and
# TOP_BAR_SHARE of the piece's width. A 7 drawn narrow keeps a bar that rises a little;
# a 1's flag falls away from the stem's top more steeply, the narrower the steeper.
TOP_BAR_SLOPE = 0.45
TOP_BAR_STROKES = 2.2
TOP_BAR_SHARE = 0.45
# ... and, where it is not the run through the topmost ink, within TOP_BAND_SHARE of
# the piece's height below it: a 7's bar ending in a hook or starting from a curl lies
# within 6% of its height of the top (3.6 to 5.5% in mouse-drawn and development-seed
# 7s); a 1's long flag that levels off at its end ends lower (11% on a real photo, 7.5%
# in tests/test_reading_real_input.py's LONG_FLAGGED_ONE 46 pixels wide; a band of two
# stroke widths read both as 7s).
TOP_BAND_SHARE = 0.06
# A frame holding less ink than this (sum of its 0..1 pixels; an MNIST digit holds about
# 100) is blank.
MIN_FRAME_INK = 5.0
# A photo's mark at the image edge is read only if the verifier gives it this chance of
# being a whole digit.
WHOLE_AT_EDGE = 0.5
ALTERNATIVES = 3
# Which pieces are worth trying as two digits, by width / height (height at least
# 0.6 of the line's digits): every piece past SPLIT_ASPECT; past SPLIT_MIN_ASPECT those
# the verifier doubts (below VERIFIER_UNSURE), however sure the classifier is (two
# overlapping digits read as one at 100%); past SPLIT_UNSURE_ASPECT
# those read below SURE_ENOUGH_WHOLE; past SPLIT_MIN_ASPECT those read below
# UNREADABLE_WHOLE; and past TWO_ONES_MIN_ASPECT a 1 drawn with two strokes side by
# side (two touching 1s, read confidently as one 1). Checking every piece would
# triple the model's work.
SPLIT_MIN_ASPECT = 0.4
TWO_ONES_MIN_ASPECT = 0.2
SPLIT_UNSURE_ASPECT = 0.75
SPLIT_ASPECT = 1.2
SURE_ENOUGH_WHOLE = 0.97
UNREADABLE_WHOLE = 0.6
SPLIT_SLOPES = (0.0, -0.3, 0.3)
# A cut is a candidate only if each half narrower than SPLIT_AGAIN_ASPECT has at least
# this chance of being one whole digit (the verifier's): when the whole is a digit the
# verifier misjudges (a small 7, a broken 1), a cut into a stub and a rest can otherwise
# score higher. Wider halves are split again, so the verifier may well doubt them, but
# only those at least TWO_DIGIT_HEIGHT of the line's digit height: a short wide half is
# a stub, such as the end of a 7's long bar, not two digits side by side.
CREDIBLE_HALF = 0.3
TWO_DIGIT_HEIGHT = 0.5
SPLIT_POSITIONS = 3
# Cuts go first through dips in the ink, column by column, at least this share of the
# piece's height deep (below the columns on both sides). The thinnest columns alone miss
# where narrow digits drawn overlapping meet: three 0s whose sides overlap are thinnest
# across each 0's middle (two strokes), and meet at dips between two uprights ("1000"
# with a mouse pen 18 pixels wide read "10"). Every dip, however shallow, tried first cut
# a 4's tail and a 7's long bar off into digits of their own on the development seed.
DIP_DEPTH = 0.15
# A half still this wide after a split is tried again (three touching digits), at most
# MAX_SPLIT_ROUNDS times in all.
SPLIT_AGAIN_ASPECT = 0.9
MAX_SPLIT_ROUNDS = 3
# Neighbouring pieces tried as one digit: up to MAX_GROUP of them, gaps under
# MAX_BRIDGED_GAP reference heights, together no wider than MAX_GROUP_ASPECT. A 5 or 7
# whose long top bar came off is that wide (1.4 missed them: broken strokes read 91 to
# 93.5% on the development set, 93.5 to 96% at 2.0, no other family lower); the lattice's
# width prior, not this cap, stops two digits from being read as one.
MAX_GROUP = 3
MAX_BRIDGED_GAP = 0.35
# A blank gap this wide (reference heights; 12 pixels between digits 150 tall) is one
# people leave between digits, rarely inside one: joining across it needs the verifier
# to be this sure the union is one digit.
CLEAR_GAP = 0.08
STRONG_ONE_DIGIT = 0.9
MAX_GROUP_ASPECT = 2.0
MAX_GROUP_HEIGHT = 1.6
# Two marks one above the other, a hairline apart and together taller than a digit,
# are halves of one digit cut where the pen lifted unless each alone is a whole digit:
# the verifier at least this sure and the classifier at least TWO_LINES_CONFIDENCE sure
# of it. Then they are digits of two lines written close together (an 8 over a 0). On
# the development seed, every tall join of a broken digit had a half below 0.5. Halves
# that are only readable whole digits (VERIFIER_UNSURE, UNREADABLE_WHOLE) may be two
# lines: they stay apart where the gap between them is a gap between lines found
# elsewhere along them (segment.merge_fragments). Unless neither half is surely whole
# and not both are readable (one digit, then), segment parts them where one is a line of
# its own: a digit's height, alone in its rows, clear of the rows of the other's
# neighbours, whichever of the two the networks doubt ("762" over "9" read "262"); and
# where only one is whole, where that one lies clear of the rows of the other's
# neighbours ("11664" over "6" read "61664").
TWO_LINES_ONE_DIGIT = 0.8
TWO_LINES_CONFIDENCE = 0.9
# A mark reaching a digit's height past the one line beside it, cut where that line ends
# into two surely whole digits, is a lone digit of the next line written against the one
# over or under it ("762" over "9", touching, read "362") only if the verifier, shown the
# mark turned a quarter either way, is less than this sure it is one digit: it learned
# digits side by side, so two digits stacked and turned are several to it (0.00 to 0.02 on
# 48 such mouse drawings), while a digit taller than its neighbours turned is often one
# shape (up to 1.00). A tall 1 turned is a bar, no digit either way, so a cut into two 1s
# is a tall 1, not two lines. 60 /tmp drawings of a big digit beside two small ones: 9
# misread without such cuts, 16 with them unguarded, 13 with this test alone, 9 with it,
# the 1s and segment.STACKED_HEIGHT (a 7's stem past the line).
STACKED_ONE_DIGIT = 0.05
# Nor where one part is a 1 and they meet in one stroke, the other part's ink there no
# more than SAME_STROKE times as wide as the 1's (`_one_stroke_across`): a large 7 beside
# two small digits, cut across its stem where their line ends, is a 7 and a 1, both sure
# ("791" drawn with the mouse read "7" over "191").
SAME_STROKE = 1.5
# A mark under STRAY_HEIGHT of its line's digits, read as a 1 that the verifier doubts
# (below VERIFIER_UNSURE), may be left out as a stray stroke (a tick or a bit of a
# neighbour drawn apart) when that reads the line better: leaving it out costs as much
# as a digit the verifier gives even odds. A small 1 that the verifier believes is kept.
STRAY_HEIGHT = 0.5
STRAY = "short stray stroke"
# A tick under STRAY_TICK_HEIGHT of its line's digits, read as a 1, is left out however
# sure the verifier is (it sees the tick framed as tall as any 1, 0.57 to 0.97 on the
# development seeds' misses: "17711" read "177111", a pen's slip at a 1's foot), unless
# written apart (STRAY_CLEARANCE): no one writes a digit of a number at a third of its
# neighbours' height, the smallest the benchmark's mixed sizes draw is 0.4.
STRAY_TICK_HEIGHT = 0.35
# So may a dot read as any digit, when the verifier is this sure it is none: a full stop,
# a colon's point or a dab of the pen (`segment.a_dot`), read "0" or "9" at 99%, wherever
# it stands (written apart, it is no small 1). A small digit, however faint or broken (a
# 2 in bits the verifier gives 0.01), has room between its strokes and is kept; so is a
# blot more than DOT_PEN_WIDTHS of its line's strokes across, a digit drawn so small that
# its strokes fill it (an 8 four strokes wide, which the classifier still reads). Taps
# and dabs of a mouse pen measure 1.3 to 1.9 of them.
NO_DIGIT_AT_ALL = 0.05
DOT_PEN_WIDTHS = 2.5
DOT = "dot or dab of the pen"
# A short mark written apart is a small digit (a small 1 on the baseline), never a stray
# stroke: a bit of a neighbour drawn apart is close to that neighbour. Apart: at least
# STRAY_CLEARANCE digit heights clear of the marks on both sides or, first or last on its
# line, clear of its one neighbour and within that neighbour's height, give or take
# END_BAND digit heights. Small 1s drawn with a thick pen, which the verifier doubts,
# were left out at a line's start or end (MNIST test 1s drawn 2.35 times smaller than
# their neighbours with a 13-pixel pen: 11 of 12 left out). A tick drawn that far from
# the digits is read as a 1, flagged as maybe a stray mark; one close beside them is
# still left out.
STRAY_CLEARANCE = 0.2
END_BAND = 0.15
# A 1 beside a digit (`_a_one_beside`) may reach this share of its own width into the
# digit's columns: small 1s written close to a large neighbour ("13", "31" with the 1
# 0.4 as tall) overlap its box by a few pixels and were joined into it unread.
# A small digit written clear of a large one's columns counts as a digit beside it on
# either network's word (`_a_digit_beside`; 2026-12-04, sixth session). MNIST test
# digits, a large one 130 pixels tall with one 0.4 to 0.6 as tall 1 to 11 pixels clear
# of it on its baseline (400 at random, a /tmp script): 389 right before, 392 after, none
# broken; the same in mouse strokes, 400 of 400 before and after; development seeds 1
# and 2 read every number as without it.
ONE_BESIDE_OVERLAP = 0.5
# A part of a join whose bottom lies in the top HANGING_SHARE of a taller part's rows
# hangs beside it: a stroke of that digit written apart (a 9's loop before a stem drawn
# with the pen lifted), not a small digit, which stands on the baseline or in the middle
# of the line (a small digit centred, 1.5 to 2.5 times smaller, ends at 0.7 to 0.83 of a
# large one's rows). Counted a whole digit, such a loop, sure of itself as a 0, cost the
# join as much as two digits cost, and "9" lost to "01" (a /tmp probe of mouse numbers
# with one digit drawn in two strokes 2 to 12% of its height apart: 28 of 50 such 9s
# right).
HANGING_SHARE = 0.6
# A 1 beside a small digit counts as a 1 too, where both are sure whole digits and the
# 1 is no taller than ONE_AS_TALL times the digit (`_a_one_as_tall_beside_a_small_digit`,
# 2026-12-05): a small "71" or "31" beside a large digit, their boxes overlapping, was
# read as the small digit alone ("971" read "97"), where a 1 beside a digit counted
# only beside one of the line's height. MNIST test digits, a large one and a pair 1.5 to
# 2.5 times smaller run into each other (the 1,400 drawings at `_small_pair_confirmed`):
# 1,315 right before, 1,320 after; the same drawn with one pen (400): 351 and 351; none
# broken. Development seeds 1 and 2: every number read as before.
ONE_AS_TALL = 1.15
# Specks over or under a digit, in its columns and at most SPECK_REACH of the digits'
# height from it, may be strokes of it that broke into bits (a 6's stem into three dots
# over its bowl, the bowl read "2" at 48% or "0" at 100%; a 5's flag, read "0"): read
# with them, the digit is kept as the classifier then reads it where it is SPECKS_SURE
# of it and the verifier believes it is one digit. Not where the specks make it taller
# than the digits (segment.HEIGHT_TOLERANCE): specks between two lines belong to neither.
# Every digit, sure or not: on development seeds 1 and 2 (2,500 images each) +9 and +10
# numbers (12 mended, 2 broken on seed 2); only those below LOW_CONFIDENCE, +3 on seed 1.
SPECK_REACH = 0.5
SPECKS_SURE = 0.9
# A line's own digit height, within this share of the image's, is its reference.
LINE_REFERENCE_RANGE = (0.5, 1.5)
# Two strokes: this share of a piece's rows cross two or more separate runs of ink.
TWO_STROKE_SHARE = 0.6
# A cut into two 1s of a piece fewer of whose rows than this cross two runs of ink is one
# stroke cut along its length: a 1 in a fat marker (a pen a fifth of its height or more),
# which the verifier doubts (0.02) and whose halves it believes (0.8), read "11" (MNIST
# test 1s drawn so, a /tmp probe: 14 of 1,200 readings wrong before, none after). Two 1s
# side by side cross two runs in most rows; two whose ink runs together into one bar
# still show a notch at the top or the foot (at 0.2, 13 of 320 such pairs read "1").
ONE_STROKE_TWO_RUNS = 0.05
DEFAULT_WEIGHTS = Weights()
# A piece worth cutting at least this wide (`_Scorer.aspect`) may be a run of touching
# digits: it is also read as the best sequence of parts between least-ink cut paths
# (core/reading/runs.py), beside its best cut in two.
RUN_MIN_ASPECT = 0.9
# Every piece worth cutting, and every other piece at least SEQUENCE_MIN_ASPECT as wide
# as tall, is also read whole by the sequence reader (sequence.py): cuts cannot part
# digits that overlap, and each half of such a cut reads as something else; a small digit
# written into a large one's side leaves the pair sure of being the large digit alone
# ("13" read "3" at 100%), so it is never worth cutting. Where the sequence reader's
# string differs from the lattice's, it wins when it finds the lattice's SEQUENCE_MARGIN
# times less likely than its own, and SEQUENCE_SUBSTITUTION_MARGIN times where both
# strings have as many digits: the classifier reads a digit cut cleanly better than the
# sequence reader does. Readings under SEQUENCE_SURE are not used. Chosen on development
# seed 1 with the network retrained on more small digits (a /tmp script re-reading the
# 350 images where the two may disagree; numbers right of 2,500): the pieces worth cutting
# alone 2,337 at margin 20 (the first network 2,335), 2,339 at 100; every piece 0.75 as
# wide 2,345 at 100, 0.9 2,346, 1.0 2,348; asking the verifier to find each new part
# credible (CREDIBLE_HALF) 2,295. Seed 2: 2,321 at the shipped values (the first network
# 2,316). Every piece 0.75 as wide doubled a canvas reading's median time (3.9 to 7.3 ms,
# 6 asked); 1.0 wide adds about 1 ms (models/README.md).
SEQUENCE_SURE = 0.3
SEQUENCE_MARGIN = 100.0
SEQUENCE_SUBSTITUTION_MARGIN = 1000.0
# Where the lattice keeps fewer digits in a piece than the sequence reader reads there,
# and the sequence reader gives its longer string at least MORE_DIGITS_CHANCE, the digits
# kept are flagged as maybe two run together (JOINED): a small digit written into a large
# one's side is lost that way, and such a miss was silent. At 0.5 (more likely than not;
# 2026-12-05), on development seeds 1 and 2 (a /tmp script, every family x 100; no
# reading changes) 83 and 103 misses had no digit flagged: it flagged 18 and 6 of them,
# and 26 and 21 more of the 2,427 and 2,387 right readings. At one chance in three
# (every reading as before; /tmp scripts, 2026-12-05): on the same seeds 14 more of the
# 160 misses passed as sure are flagged (6 small_touching, 4 touching_lines, 3
# drawn_touching, 1 touching), and 21 more of the 4,817 right readings (one to three a
# family, in twelve families); on 600 random mouse numbers with touching, slanted and
# small digits, 24 of 42 misses flagged (20 at 0.5); on 300 with a small digit run into
# a large one (tests.drawing.with_a_small_digit) 14 of 26 (11); on both, and on
# real-dev, no right reading more: a miss passed as sure costs more than a second look.
MORE_DIGITS_CHANCE = 0.3
SEQUENCE_MIN_ASPECT = 1.0
# Narrower pieces, down to SEQUENCE_NARROW_MIN_ASPECT, are read too, for one more class:
# with one pen, a small digit written into a large one's side makes a piece narrower than
# tall ("13" drawn with the predictor's 18-pixel pen: 90 pixels wide, 150 tall), which the
# classifier and the verifier take for the large digit alone. Most such pieces are single
# digits: only those that may end in a small digit are read (`_may_end_in_a_small_digit`,
# 173 of the 289 narrow pieces of seed 0's `transparent` canvases), and the sequence
# reader's word is taken there only where it reads two digits or more and the classifier
# reads each of its parts as the digit it reads (without that check an 8 was read "18"
# and a 5 "15"). On 200 numbers of two or three digits drawn with one pen, one digit 70
# pixels tall touching 150-pixel ones (tests.drawing's strokes, a /tmp script): 139 right
# without narrow pieces, 169 reading all of them unchecked, 164 checked, 162 as shipped.
# Development seeds 1 and 2 (numbers right of 2,500): 2,348 and 2,321 without, 2,347 and
# 2,326 all checked, 2,348 and 2,325 as shipped. Median time of seed 0's `transparent`
# canvases (100 read alternately, twice): 4.95 ms without, 6.04 ms all, 5.59 ms as shipped.
SEQUENCE_NARROW_MIN_ASPECT = 0.6
# Pieces from SEQUENCE_PAIR_MIN_ASPECT to SEQUENCE_MIN_ASPECT wide are read as narrow
# ones are, for two small digits run together: drawn with the mouse's thick pen, a
# small "36" beside a large 0 is a piece about as wide as tall (85 by 87 pixels), and
# the classifier and the verifier both took it for one 3 (99%, the verifier 98%). Cut
# where the sequence reader's digits meet, a part may keep a lump of its neighbour and
# read as another digit, unsurely (the 6 as a 5 at 58%): a part the classifier reads
# under LOW_CONFIDENCE does not overrule a sequence reading SEQUENCE_SURE_ALONE sure (a
# wide 2 read "71" at 76%, its first part a 2 at 69%, must stay a 2). Mouse drawings of
# a large digit and a small touching pair (/tmp scripts, pens 10 and 16; six pairs
# after each of seven large digits): 115 of 168 right with the pair apart from the
# large digit, 143 with this at 0.85; 72 of 252 with the pair touching it, 92. At 0.75 rather
# than 0.85, a small pair 80 by 78 pixels beside a large 5 is read too ("563" read
# "58"): on 120 such drawings of random sizes, gaps and pens (a /tmp script), 88 right
# at 0.85 and 92 at 0.75; development seeds 1 and 2 read the same at both.
SEQUENCE_PAIR_MIN_ASPECT = 0.75
SEQUENCE_SURE_ALONE = 0.9
SMALL_DIGIT_EXTENT = 0.7
SMALL_DIGIT_BAND = 0.3
# A single small digit written into a large one's side makes a narrower piece than a
# pair does, and so does a 1 written against the side of a digit as tall (a piece 0.6
# as wide as tall, "91" read "9" at 100%, "13" read "8"). Every piece
# SMALL_BESIDE_MIN_ASPECT wide is read by the sequence reader too, and its word counts
# there only where the classifier confirms each part (`_confirmed_by_classifier`), which
# also lifts SEQUENCE_MARGIN for pieces read as narrow ones; where its own cut is not
# confirmed, the piece cut along each least-ink path is tried (`_two_part_cuts`). First
# (3a1562e) only pieces ending in a band of 10% where a small digit may lie were read:
# mouse drawings of a large digit and one 0.4 to 0.6 its height touching it (/tmp
# scripts, pens 8 to 18), 300 of random digits, sizes and overlaps, 176 right before and
# 193 after; a grid of twelve pairs either way round, overlaps of 3 to 9 pixels and three
# pens, 91 and 133 of 216; small 1s against a large digit, 10 and 16 of 60. With every
# piece, both structures and the other cuts (2026-12-04, later): that grid 145 of 216 and
# the 300 drawings 198, none broken; a 1 150 pixels tall against one of nine digits 75
# wide, either side, boxes overlapping by 2 or 6 pixels or 4 apart, pens 12 and 18, 82 of
# 144 right before and 119 after, and a 1 80 pixels tall so, 95 and 105. Development
# seeds 1 and 2 read the same numbers right throughout (2,360 and 2,336 of 2,500; the
# other cuts, before the sliver guard in `_small_digits_confirmed`, read a fold's 4 as
# "41"). Seed 0's `transparent` canvases already sent 398 of their 457 pieces to the
# sequence reader: median 4.52 and 4.43 ms before, 4.36 and 4.35 ms after (two runs each).
# A 1 drawn over the digit's side leaves no least-ink path between them; the cuts along
# its straight stroke (`_stroke_cuts`, 2026-12-04, later still) took those mouse
# drawings from 119 to 141 of 144, and from 105 to 118 with the 1 80 pixels tall;
# development seeds 1 and 2, 2 more numbers right on seed 1 and none read otherwise.
SMALL_BESIDE_MIN_ASPECT = 0.4
# Those other cuts were tried only on narrow pieces whose own cut the sequence reader
# found. A wider piece, or one where its cut found no part, fails the same way: a small 2
# run into a large 8's lower left, both networks sure of one 8 (99%, the verifier 100%),
# the sequence reader reading "28" at 56% and its cut leaving lumps read as nothing
# surely. Every piece it reads as two digits, SEQUENCE_SURE, has them tried (2026-12-04,
# sixth session). There a short part must also read as a plain digit, scoring within
# PLAIN_DIGIT_SLACK of a sure digit's best (`_plain_small_parts`): cut along the least
# ink, a wide 0's left side read as a small 6 (97%, the verifier 62%, "0" read "60") and
# a wide 2's loop as a small 0 ("2" read "02"), 0.3 to 0.7 below it, where the small
# digits mended were within 0.15. Development seeds 1 and 2 (every family, 100 each):
# 2,418 and 2,381 right before, 2,423 and 2,382 after, none broken (without the score
# check the two readings above were broken, and nothing more mended). MNIST test digits,
# a large one 130 pixels tall with one 0.4 to 0.6 as tall run 0 to 9 pixels into its
# side (400 at random, a /tmp script): 359 right before, 364 after; the same in mouse
# strokes (pens 8 to 16): 380 and 383; none broken.
PLAIN_DIGIT_SLACK = 0.25
# The classifier's confirmations (`_two_digits_confirmed`, `_small_digits_confirmed`)
# judge heights against the line's digits, so two small digits run into each other
# beside a large one (a small "18" before a 3, the sequence reader "18" at 99%, the
# classifier each part at 100%) were read as one ("1832" read "832"): one part must be
# of the line's height. `_small_pair_confirmed` judges the parts against the piece's own
# height (2026-12-05). MNIST test digits, a large one 90 to 160 pixels tall and a pair
# 1.5 to 2.5 times smaller, run 2 to 12% of their height into each other and 15 to 40%
# of the large one's height clear of it (1,400 at random, three seeds, a /tmp script):
# 1,307 right before, 1,315 after; the same drawn with one pen (400): 351 and 351; none
# broken. Development seeds 1 and 2 (every family, 100 each): 2,426 and 2,387 right
# before, 2,427 and 2,387 after, none broken. A cut along a 1's straight stroke as tall
# as such a short piece is confirmed so too (`_stroke_cut_confirmed`; a small 1 run over
# a small 6's side, "166" read "66", where no least-ink path parts them): the 1,400
# drawings 1,320 right before (with `_a_one_as_tall_beside_a_small_digit`) and 1,332
# after, the pen drawings 351 and 352, none broken; development seeds 1 and 2 read every
# number as before. The pair stands however unsure the sequence reader is
# (SEQUENCE_SURE), as small digits beside a large one do: at SEQUENCE_SURE_ALONE, 1,798
# of 1,900 such MNIST drawings (four seeds) and 697 of 800 pen drawings were right, at
# SEQUENCE_SURE 1,803 and 698 ("916" where it read "91" at 79%), none broken, and the
# development seeds read the same. A fourth seed of MNIST drawings, made after the first
# two changes: 462 of 500 right before the three changes, 468 after (466 before the
# last, which was chosen on it among the others).
# Run frames are read in their middle columns alone (see `_middle_of_run_frames`).
MIDDLE_RUN_MARGIN = 12
RUN_COLUMNS_STEP = 8
# A photo read again on the paper estimated for bold strokes keeps that reading when it
# is surer by this much (see _sureness: mean log of confidence times the verifier's), or
# surer at all when ADDED_INK_IN_DIGITS of the ink it adds lies in its digits' boxes. On
# the development seeds, hard shadows' edges flipped readings to wrong surer ones
# without the margin (shadow 93 to 83%), and close-ups read best without it.
BOLD_READING_MARGIN = 0.1
# Ink the bold-stroke paper adds: this much stronger (on the ink map's 0..1) than before.
ADDED_INK = 0.3
ADDED_INK_IN_DIGITS = 0.8
# Digits under SMALL_DIGIT_HEIGHT working pixels tall (a number photographed from afar, a
# webcam shot, a small number in a corner of a large canvas) are read again on the part of
# the image that holds them, enlarged to ENLARGED_DIGIT_HEIGHT (at most MAX_ENLARGEMENT
# times, and only where that makes them at least MIN_ENLARGEMENT times taller): at 10 to 16
# pixels a pen's strokes are a pixel wide or less and grey, break into fragments, and a
# frame holds a few grey pixels ("4306" read "1306", "359" read "3519"). The enlarged
# reading is kept where it is surer (`_sureness`). Chosen on the benchmark's `distant`
# family, development seeds 1 and 2 (100 each): as they were 72 and 73 right, enlarged to
# 40 pixels under 24, 83 and 87; to 48 under 32, 86 and 91 (56 and 64 no better). On
# numbers made another way (a /tmp script: MNIST test digits shrunk by area to 8 to 30
# pixels in 640 and 1280-pixel photos, three seeds): 27, 35 and 46 of 40, 40 and 60 as
# they were, 39, 38 and 54 enlarged. CROP_MARGIN digit heights of the image around the
# digits come with them, for a digit the first reading missed beside them.
SMALL_DIGIT_HEIGHT = 32
ENLARGED_DIGIT_HEIGHT = 48
MAX_ENLARGEMENT = 4.0
MIN_ENLARGEMENT = 1.3
CROP_MARGIN = 1.0
# Where a digit or mark of the enlarged reading reaches a side of that part inside the
# image, the part grows CUT_MARK_MARGIN digit heights past it and is read again, at most
# REGROWN_PARTS times (see _small_digits_enlarged).
CUT_MARK_MARGIN = 0.5
REGROWN_PARTS = 1
# Models the predictor page does not serve, and why: its server must stay under 600 MB
# resident (hosted plans give about 1 GB). The forest's 300 full-depth trees take about
# 570 MB once loaded (measured: load_model("forest") grew a process from 165 to 732 MB).
NOT_SERVED = {"forest": "about 570 MB in memory, more than the reader's 600 MB budget"}
NO_DIGITS = "No digits found. Draw or photograph a number with clear, dark strokes."
# ... where the only marks were too faint to be ink (segment.FAINT): say so, and what helps.
NO_DIGITS_FAINT = (
    "No digits found: the marks here are too faint to be ink (the back of the page showing "
    "through, a shadow, very light pencil). Write with a darker pen or press harder."
)


@dataclass(frozen=True)
class DigitBox:
    """Where a digit is, in pixels of the input image."""

    x: int
    y: int
    width: int
    height: int

    def as_list(self) -> list[int]:
        return [self.x, self.y, self.width, self.height]


@dataclass(frozen=True)
class DigitReading:
    digit: int
    confidence: float
    alternatives: tuple[tuple[int, float], ...]  # top 3 (digit, probability), best first
    box: DigitBox
    frame: np.ndarray = field(repr=False)  # float32 (28, 28): what the model saw
    line: int = 0
    low_confidence: bool = False
    one_digit: float = 1.0  # the verifier's probability that the box holds one whole digit
    doubt: str | None = None  # why the digit is flagged, and what to do (JOINED, SMALL, ...)
    # The digit's grey ink and mask at the reader's working size, as framed: what the
    # explanations show the framing steps of, without reading the image again.
    ink: np.ndarray | None = field(default=None, repr=False)
    mask: np.ndarray | None = field(default=None, repr=False)


@dataclass(frozen=True)
class IgnoredMark:
    """Ink left out of the reading: where it is and why (a speck, a ruled line, ...)."""

    box: DigitBox
    reason: str


@dataclass(frozen=True)
class Reading:
    digits: tuple[DigitReading, ...]
    lines: tuple[str, ...]
    model: str
    image_size: tuple[int, int]  # (width, height) of the input
    message: str | None = None  # why nothing was read, when nothing was
    ignored: tuple[IgnoredMark, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `python -m core read --json` (without the path and error)."""
        return {
            "text": self.text,
            "lines": list(self.lines),
            "digits": [
                {
                    "digit": digit.digit,
                    "confidence": round(digit.confidence, 4),
                    "box": digit.box.as_list(),
                    "alternatives": [[alternative, round(p, 4)] for alternative, p in digit.alternatives],
                    "line": digit.line,
                    "low_confidence": digit.low_confidence,
                    "one_digit": round(digit.one_digit, 4),
                    "doubt": digit.doubt,
                }
                for digit in self.digits
            ],
            "message": self.message,
            "ignored": [{"box": mark.box.as_list(), "reason": mark.reason} for mark in self.ignored],
        }


@functools.lru_cache(maxsize=8)
def _cached_model(name: str) -> DigitClassifier:
    return load_model(name)


@dataclass(frozen=True)
class _Read:
    """A candidate digit with the frame the model saw, its probabilities, and the
    verifier's probability that the frame holds one whole digit (1.0 without one)."""

    piece: Piece
    frame: np.ndarray
    probabilities: np.ndarray
    one_digit: float = 1.0
    cut: bool = False  # cut out of a piece holding touching digits
    stray: str | None = None  # left out of the reading: why (STRAY or DOT)
    run_frame: np.ndarray | None = None  # the sequence reader's frame, where asked for
    more_digits: bool = False  # the sequence reader may read more digits in its piece (MORE_DIGITS_CHANCE)

    @property
    def confidence(self) -> float:
        return float(self.probabilities.max())

    @property
    def digit(self) -> int:
        return int(self.probabilities.argmax())


def _classify(
    pieces: list[Piece],
    ink: np.ndarray,
    model: DigitClassifier,
    slope: float = 0.0,
    worth_reading: Callable[[np.ndarray], np.ndarray] | None = None,
    run_frames: list[bool] | None = None,
) -> list[_Read]:
    """One batched verifier call for all the pieces (when the verifier is there), then one
    classifier call, each piece turned level first when the writing runs at `slope`
    (`writing_slope`). `worth_reading`, given the verifier's probabilities, says which
    pieces the classifier must read (a bool per piece): the caller's rules leave the
    others out whatever digit they hold, and they get even odds unread (most cut halves:
    the classifier's share of a reading's time is per frame). The pieces `run_frames`
    marks also get the sequence reader's frame, framed with the others at little cost."""
    if not pieces:
        return []
    crops = [_own_ink(ink, piece, slope) for piece in pieces]
    verifier = load_verifier()
    layouts = (MNIST_LAYOUT,) if verifier is None else (MNIST_LAYOUT, WIDE_LAYOUT)
    run_frames = run_frames or [False] * len(pieces)
    framed = [
        to_frames(crop, mask, layouts, run_frame=run)
        for (crop, mask), run in zip(crops, run_frames, strict=True)
    ]
    frames = np.stack([both[0] for both in framed])
    if verifier is None:
        one_digit = np.ones(len(frames), np.float32)
    else:
        one_digit = verifier.one_digit(np.stack([both[1] for both in framed]))
    # A frame with (almost) no ink is no digit, whatever a classifier makes of it (a
    # CNN reads a blank frame as a 1 at 99.95%).
    blank = frames.reshape(len(frames), -1).sum(axis=1) < MIN_FRAME_INK
    one_digit = np.where(blank, 0.0, one_digit)
    read = np.flatnonzero(~blank if worth_reading is None else ~blank & worth_reading(one_digit))
    if len(read) == len(pieces):
        probabilities = _digit_probabilities(pieces, crops, frames, model)
    else:
        probabilities = np.full((len(frames), config.NUM_CLASSES), 1.0 / config.NUM_CLASSES, np.float32)
        if len(read):
            chosen = _digit_probabilities(
                [pieces[index] for index in read], [crops[index] for index in read], frames[read], model
            )
            probabilities = probabilities.astype(chosen.dtype)
            probabilities[read] = chosen
    return [
        _Read(piece, frame, row, float(verified), run_frame=both[-1] if run else None)
        for piece, frame, row, verified, both, run in zip(
            pieces, frames, probabilities, one_digit, framed, run_frames, strict=True
        )
    ]


def _digit_probabilities(
    pieces: list[Piece],
    crops: list[tuple[np.ndarray, np.ndarray]],
    frames: np.ndarray,
    model: DigitClassifier,
) -> np.ndarray:
    """The classifier's probabilities for each piece's frame, in one call."""
    # People write narrower than MNIST's writers: a narrow 8 or 7 framed as it is reads
    # as a 1. Narrow candidates are also read widened to MNIST's usual shape, in the
    # same batch; a confident reading of the widened one as another digit wins.
    narrow = [index for index, (_, mask) in enumerate(crops) if mask.shape[1] < NARROW_ASPECT * mask.shape[0]]
    widened = [_widened_frame(*crops[index]) for index in narrow]
    batch = np.concatenate([frames, np.stack(widened)]) if widened else frames
    probabilities = model.predict_proba(batch)
    probabilities, widened_probabilities = probabilities[: len(frames)], probabilities[len(frames) :]
    for index, candidate in zip(narrow, widened_probabilities, strict=True):
        digit = candidate.argmax()
        if candidate.max() < WIDENED_SURE or digit == 1:
            continue
        # A 7 over a 1 only with a bar on top: a 1's flag, stretched, is a 7's bar too.
        if digit == 7 and not (probabilities[index].argmax() == 1 and has_top_bar(pieces[index].mask)):
            continue
        # A 0 only with a hole: a short, thick 1, stretched, is a round blob.
        if digit == 0 and not has_hole(pieces[index].mask):
            continue
        probabilities[index] = candidate
    return probabilities


def has_top_bar(mask: np.ndarray) -> bool:
    """Whether the shape's top is a level bar (a 7's), not a point or a sloping flag (a 1's)."""
    columns = np.flatnonzero(mask.any(axis=0))
    if columns.size == 0:
        return False
    tops = mask[:, columns].argmax(axis=0)  # the first inked row of each inked column
    stroke = stroke_width(mask)

    def long_enough(first: int, last: int) -> bool:
        run = int(columns[last] - columns[first]) + 1
        return run >= TOP_BAR_STROKES * stroke and run >= TOP_BAR_SHARE * mask.shape[1]

    highest = int(tops.argmin())
    level = tops <= tops[highest] + 2 + TOP_BAR_SLOPE * np.abs(columns - columns[highest])
    # The run of level, adjacent columns that holds the topmost ink.
    first = last = highest
    while first > 0 and level[first - 1] and columns[first - 1] == columns[first] - 1:
        first -= 1
    while last < columns.size - 1 and level[last + 1] and columns[last + 1] == columns[last] + 1:
        last += 1
    if long_enough(first, last):
        return True
    # A bar may also end in a hook that rises above it, or start from a curl below it:
    # the top edge split where it jumps (a gap, or a step steeper than a level stroke's
    # pixels make), a stroke near the top that is long and level on the whole is a bar.
    breaks = (np.diff(columns) != 1) | (np.abs(np.diff(tops)) > 1 + TOP_BAR_SLOPE)
    starts = np.concatenate([[0], np.flatnonzero(breaks) + 1])
    ends = np.concatenate([starts[1:], [columns.size]])
    return any(
        long_enough(start, end - 1)
        and tops[start:end].min() <= tops[highest] + TOP_BAND_SHARE * mask.shape[0]
        and abs(np.polyfit(columns[start:end], tops[start:end], 1)[0]) <= TOP_BAR_SLOPE
        for start, end in zip(starts, ends, strict=True)
    )


def has_hole(mask: np.ndarray) -> bool:
    """Does the shape enclose blank pixels (a 0's or an 8's loop)?"""
    contours, hierarchy = cv2.findContours(mask.astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    return hierarchy is not None and bool((hierarchy[0][:, 3] >= 0).any())  # a contour inside another


def _own_ink(ink: np.ndarray, piece: Piece, slope: float) -> tuple[np.ndarray, np.ndarray]:
    """The piece's box of the ink map and its mask, turned level for writing at `slope`."""
    return levelled(ink[piece.y : piece.bottom, piece.x : piece.right], piece.mask, slope)


def _widened_frame(crop: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The candidate stretched across to NARROW_ASPECT of its height, then framed."""
    height, width = mask.shape
    width = max(width + 1, int(round(NARROW_ASPECT * height)))
    stretched = cv2.resize(crop, (width, height), interpolation=cv2.INTER_LINEAR)
    stretched_mask = cv2.resize(mask.view(np.uint8), (width, height), interpolation=cv2.INTER_NEAREST)
    return to_mnist_frame(stretched, stretched_mask.astype(bool)).astype(np.float32, copy=False)


def candidate_cuts(piece: Piece) -> list[tuple[Piece, Piece]]:
    """Ways to cut a piece in two: at deep dips of ink and the thinnest columns, straight
    or slanted."""
    height, width = piece.mask.shape
    profile = piece.mask.sum(axis=0).astype(np.float32)
    profile = np.convolve(profile, np.ones(3) / 3, mode="same")
    low, high = int(0.2 * width), int(0.8 * width)
    if high - low < 2:
        return []
    interior = np.arange(low, high)
    # The deep dips, the thinnest columns, then the centre, a few pixels apart.
    dips = [column for column in _dips(profile, DIP_DEPTH * height) if low <= column < high]
    positions: list[int] = []
    for column in [*dips, *interior[np.argsort(profile[low:high], kind="stable")], width // 2]:
        if all(abs(int(column) - chosen) > max(2, width // 12) for chosen in positions):
            positions.append(int(column))
        if len(positions) == SPLIT_POSITIONS:
            break
    rows = np.arange(height)[:, None]
    columns = np.arange(width)[None, :]
    cuts = []
    for position in positions:
        for slope in SPLIT_SLOPES:
            left_side = columns < position + slope * (rows - height / 2)
            left = part_of(piece, piece.mask & left_side)
            right = part_of(piece, piece.mask & ~left_side)
            if left is None or right is None:
                continue
            if min(left.area, right.area) < 0.12 * piece.area:
                continue
            cuts.append((left, right))
    return cuts


def _dips(profile: np.ndarray, depth: float) -> list[int]:
    """Columns where `profile` dips at least `depth` below the highest columns on both
    sides before it falls lower still (the dip's prominence), deepest first; the middle of
    a flat bottom: the columns scipy.signal.find_peaks finds on the negated profile with
    that prominence (tests/test_reader.py), in numpy alone."""
    found = []
    column = 1
    while column < len(profile) - 1:
        value = profile[column]
        end = column  # the last column of a flat bottom
        while end + 1 < len(profile) - 1 and profile[end + 1] == value:
            end += 1
        if profile[column - 1] > value < profile[end + 1]:
            rises = []
            for side in (profile[:column][::-1], profile[end + 1 :]):
                lower = np.flatnonzero(side < value)
                rises.append(float(side[: lower[0]].max() if lower.size else side.max()))
            if min(rises) - value >= depth:
                found.append((min(rises) - value, (column + end) // 2))
        column = end + 1
    return [column for _, column in sorted(found, key=lambda dip: -dip[0])]


def two_strokes(mask: np.ndarray) -> bool:
    """Do most inked rows cross two or more separate runs of ink (two strokes side by side)?"""
    return _rows_across_two_runs(mask) >= TWO_STROKE_SHARE


def _rows_across_two_runs(mask: np.ndarray) -> float:
    """The share of inked rows that cross two or more separate runs of ink."""
    padded = np.pad(mask.astype(np.int8), ((0, 0), (1, 0)))
    starts = (np.diff(padded, axis=1) == 1).sum(axis=1)
    inked = starts > 0
    return float((starts[inked] >= 2).mean()) if inked.any() else 0.0


def _stroke_within(one: _Read, other: _Read, reference: float) -> bool:
    """Is `one`, a part of a cut read as a 1, a stroke of the digit `other` is the rest of?
    Shorter than the line's digits (`_short_part`) and lying more than ONE_BESIDE_OVERLAP
    of its width within the columns of `other`: a small 1 written against a digit stands
    mostly beside it, where a curl cut off a digit lies inside its box (a 2's looped top
    cut off as "1": "27483" read "127483")."""
    if one.digit != 1 or not _short_part(one.piece, reference):
        return False
    return not _mostly_beside(one.piece, other.piece)


def _a_stroke_cut_off(parts: list[_Read], reference: float) -> bool:
    """Is one of two parts of a cut a stroke of the other (`_stroke_within`)?"""
    return len(parts) == 2 and (
        _stroke_within(parts[0], parts[1], reference) or _stroke_within(parts[1], parts[0], reference)
    )


def _one_stroke_cut_lengthwise(halves: list[_Read]) -> bool:
    """Are the two halves of a cut, both read as 1s, one stroke cut along its length
    (ONE_STROKE_TWO_RUNS)?"""
    if not all(half.digit == 1 for half in halves):
        return False
    return _rows_across_two_runs(union_of(halves[0].piece, halves[1].piece).mask) < ONE_STROKE_TWO_RUNS


class _Scorer:
    """Scores of candidate digits under the lattice weights, for one image."""

    def __init__(self, reference: float, weights: Weights):
        self.reference = reference
        self.weights = weights

    def aspect(self, piece: Piece) -> float:
        return piece.width / max(piece.height, WIDE_MIN_HEIGHT * self.reference)

    def score(
        self, read: _Read, bridged_gap: float = 0.0, tall_pieces: int = 1, sure_pieces: int = 1
    ) -> float:
        piece = read.piece
        return segment_score(
            read.probabilities,
            piece.width,
            piece.height,
            self.reference,
            self.weights,
            bridged_gap=bridged_gap,
            tall_pieces=tall_pieces,
            two_strokes=read.digit == 1 and two_strokes(piece.mask),
            one_digit=read.one_digit,
            sure_pieces=sure_pieces,
        )

    def whole_digit(self, read: _Read) -> bool:
        """Does this piece look like a whole digit rather than a fragment of one? Full
        height, or a smaller digit both networks are sure of: a small 8 written into the
        7 beside it is no stroke of that 7. Not a small 1: a broken-off stroke is one."""
        return self.full_height(read.piece) or _sure_whole_digit(read)

    def full_height(self, piece: Piece) -> bool:
        """As tall as the line's digits (TALL_SHARE of them), not a fragment's height."""
        return piece.height >= TALL_SHARE * self.reference

    def may_hold_two(self, piece: Piece) -> bool:
        """Wide and tall enough to be two digits side by side (to be split again)."""
        return self.aspect(piece) >= SPLIT_AGAIN_ASPECT and piece.height >= TWO_DIGIT_HEIGHT * self.reference

    def stray_score(self) -> float:
        """The score of leaving a stray stroke out (see STRAY_HEIGHT)."""
        return -self.weights.digit_cost + self.weights.verifier * float(np.log(VERIFIER_UNSURE))

    def short(self, piece: Piece) -> bool:
        """Under STRAY_HEIGHT of the line's digits: a stray stroke or a dot, maybe."""
        return piece.height < STRAY_HEIGHT * self.reference

    def stray_stroke(self, read: _Read) -> bool:
        return self.short(read.piece) and read.digit == 1 and read.one_digit < VERIFIER_UNSURE

    def stray_tick(self, read: _Read) -> bool:
        """A 1 under STRAY_TICK_HEIGHT of the line's digits: never a digit on its own."""
        return read.digit == 1 and read.piece.height < STRAY_TICK_HEIGHT * self.reference

    def worth_splitting(self, read: _Read) -> bool:
        aspect = self.aspect(read.piece)
        if aspect >= SPLIT_ASPECT:
            return True
        if read.one_digit < VERIFIER_UNSURE and aspect >= SPLIT_MIN_ASPECT:
            return True  # the classifier is sure, the verifier is not: two digits run together?
        if aspect >= SPLIT_UNSURE_ASPECT:
            return read.confidence < SURE_ENOUGH_WHOLE
        if read.digit == 1 and aspect >= TWO_ONES_MIN_ASPECT and two_strokes(read.piece.mask):
            return True
        return aspect >= SPLIT_MIN_ASPECT and read.confidence < UNREADABLE_WHOLE


def _groups(line: list[Piece], reference: float) -> list[tuple[int, int, Piece, float]]:
    """Runs of 2..MAX_GROUP neighbouring pieces that could be one digit: (start, stop,
    their union, the blank gap it bridges in reference heights)."""
    groups = []
    for start in range(len(line)):
        union, bridged, right = line[start], 0.0, line[start].right
        for stop in range(start + 2, min(start + MAX_GROUP, len(line)) + 1):
            following = line[stop - 1]
            gap = (following.x - right) / reference
            if gap > MAX_BRIDGED_GAP:
                break
            union = union_of(union, following)
            bridged += max(0.0, gap)
            right = max(right, following.right)
            if union.height > MAX_GROUP_HEIGHT * reference:
                break
            if union.width > MAX_GROUP_ASPECT * max(union.height, WIDE_MIN_HEIGHT * reference):
                break
            groups.append((start, stop, union, bridged))
    return groups


Cut = tuple[Piece, Piece]


def _credible_half(piece: Piece, one_digit: float, scorer: _Scorer) -> bool:
    """May this half of a cut be a digit (CREDIBLE_HALF), or two still to be split apart?"""
    return one_digit >= CREDIBLE_HALF or scorer.may_hold_two(piece)


def _cuts_worth_reading(halves: list[Piece], scorers: list[_Scorer]) -> Callable[[np.ndarray], np.ndarray]:
    """`_classify`'s `worth_reading` for the halves of cuts, two by two as `_halves` gives
    them, each with its line's scorer: only cuts whose halves are both credible are scored
    (`_best_splits`), and most are not (a 5 cut through its middle), so the classifier
    reads only theirs."""

    def worth_reading(one_digit: np.ndarray) -> np.ndarray:
        credible = np.array(
            [
                _credible_half(half, float(value), scorer)
                for half, value, scorer in zip(halves, one_digit, scorers, strict=True)
            ],
            bool,
        )
        return np.repeat(credible.reshape(-1, 2).all(axis=1), 2)

    return worth_reading


def _across_clear_gap(bridged: float | np.ndarray, one_digit: float | np.ndarray) -> bool | np.ndarray:
    """Pieces apart with a clear blank gap join only on strong evidence (CLEAR_GAP): for
    one union (floats) or many (arrays)."""
    return (bridged >= CLEAR_GAP) & (one_digit < STRONG_ONE_DIGIT)


def _halves(cuts: dict[int, list[Cut]]) -> list[Piece]:
    """Every half of every cut, in order, to classify in one batch."""
    return [half for piece_cuts in cuts.values() for cut in piece_cuts for half in cut]


def _best_splits(
    cuts: dict[int, list[Cut]], halves: list[_Read], scorer: _Scorer
) -> dict[int, tuple[float, list[_Read]]]:
    """For each piece with cuts, its best cut's total score and two halves; `halves` are
    the classified halves of all the cuts, in the order `_halves` gave them."""
    best: dict[int, tuple[float, list[_Read]]] = {}
    offset = 0
    for index, piece_cuts in cuts.items():
        for _ in piece_cuts:
            pair = halves[offset : offset + 2]
            offset += 2
            if not all(_credible_half(half.piece, half.one_digit, scorer) for half in pair):
                continue
            if _one_stroke_cut_lengthwise(pair) or _a_stroke_cut_off(pair, scorer.reference):
                continue
            score = scorer.score(pair[0]) + scorer.score(pair[1])
            if index not in best or score > best[index][0]:
                best[index] = (score, pair)
    return best


@dataclass
class _Line:
    """One line of pieces (left to right) and its candidates: runs of neighbours that may
    be one digit, and cuts of the pieces that may be two."""

    reads: list[_Read]
    groups: list[tuple[int, int, Piece, float]]
    scorer: _Scorer
    cuts: dict[int, list[Cut]] = field(default_factory=dict)
    # Pieces that may be runs of touching digits: how many boundaries their cut paths
    # make, and the parts between them (see `_run_parts`).
    runs: dict[int, tuple[int, list[tuple[int, int, Piece]]]] = field(default_factory=dict)
    # Pieces worth cutting read whole as a string (see `_sequence_parts`): the reading,
    # its per-column log-probabilities, and the piece's parts where its digits lie.
    sequences: dict[int, tuple[SequenceReading, np.ndarray, list[Piece] | None]] = field(default_factory=dict)
    # Narrow pieces it reads as two digits cut along each least-ink path too, tried where
    # the classifier does not confirm its own cut (see `_two_part_cuts`), and then along
    # a straight stroke at either end, each with whether it is as tall as the piece (see
    # `_stroke_cuts`).
    other_cuts: dict[int, list[list[Piece]]] = field(default_factory=dict)
    stroke_cuts: dict[int, list[tuple[list[Piece], bool]]] = field(default_factory=dict)


def read_line(
    line: _Line,
    group_reads: list[_Read],
    half_reads: list[_Read],
    split_further: Callable[[list[_Read]], list[_Read]] | None = None,
    runs: dict[int, tuple[float, list[_Read]]] | None = None,
    sequences: dict[int, tuple[SequenceReading, np.ndarray, list[_Read] | None]] | None = None,
) -> list[list[_Read]]:
    """The best reading of one line: which neighbours join into one digit and which
    pieces split into two or more, as the digits each stretch is read as. `group_reads`
    are the line's groups classified, `half_reads` the halves of its cuts, in `_halves`
    order; `split_further` splits halves still too wide for one digit again; `runs` the
    best reading of pieces that may be runs of touching digits (`_best_run`);
    `sequences` the sequence reader's reading of pieces worth cutting, which replaces the
    lattice's where it is sure and the lattice's string unlikely (`_checked_by_sequence`).
    A stray stroke left out comes back marked `stray`."""
    scorer = line.scorer
    pieces = [read.piece for read in line.reads]
    splits = _best_splits(line.cuts, half_reads, scorer)
    runs = runs or {}
    sequences = sequences or {}
    edges = []
    for index, read in enumerate(line.reads):
        inside = _sure_digits_inside(read, splits.get(index), scorer)
        score = scorer.score(read, tall_pieces=inside, sure_pieces=inside)
        if scorer.stray_tick(read) and not _written_apart(pieces, index, scorer.reference):
            # Left out where it would be read alone; it may still join a neighbour.
            read = replace(read, stray=STRAY)
        edges.append(Edge(index, index + 1, score, [read]))
    for (start, stop, _, bridged), read in zip(line.groups, group_reads, strict=True):
        if _across_clear_gap(bridged, read.one_digit):
            continue
        parts = line.reads[start:stop]
        # A 1 or a small digit written beside a digit counts as a whole digit and a sure
        # one: joining it costs what joining two sure digits does.
        beside = _digits_beside_what_it_reads(parts, read, scorer)
        # A part whose best cut shows two or more sure digits counts as that many, as it
        # does read alone: a 9 joined with a small 2 and 7 run together was read "8". So
        # does one the sequence reader is sure of: a 0 and a small 3 and 6 run together, 9
        # pixels apart, were read as one 6 both networks believed (94%).
        inside = [
            max(
                _sure_digits_inside(part, splits.get(start + offset), scorer),
                _digits_of_a_sure_sequence(sequences.get(start + offset)),
            )
            for offset, part in enumerate(parts)
        ]
        # A part hanging in a taller one's upper rows is its stroke, never a whole digit.
        hanging = [_hanging_beside(part, parts) for part in parts]
        whole = _digits_counted(parts, beside, inside, hanging, scorer.whole_digit)
        sure = _digits_counted(parts, beside, inside, hanging, _sure_whole_digit)
        doubted = read.one_digit < VERIFIER_UNSURE or read.confidence < UNREADABLE_WHOLE
        if doubted and any(_sure_digit_of_the_line(part, scorer) for part in parts):
            # A sure whole digit of the line's height taken into a union the verifier
            # doubts, or the classifier can hardly read, is no fragment's join: it costs
            # what joining two sure digits does (a 7 and a small 3 and 7 run together
            # beside it were read as one 6 at 97% the verifier doubted; a 2 and a small
            # 3 and 5, as one 3 at 50%).
            sure = max(sure, 2)
        score = scorer.score(read, bridged_gap=bridged, tall_pieces=whole, sure_pieces=sure)
        edges.append(Edge(start, stop, score, [read]))
    for index, read in enumerate(line.reads):
        if _a_stray_dot(line.reads, index, scorer):
            edges.append(Edge(index, index + 1, scorer.stray_score(), [replace(read, stray=DOT)]))
        elif scorer.stray_stroke(read) and not (
            _written_apart(pieces, index, scorer.reference) or _beside_a_sure_digit(line.reads, index, scorer)
        ):
            edges.append(Edge(index, index + 1, scorer.stray_score(), [replace(read, stray=STRAY)]))
    for index, (score, halves) in splits.items():
        if split_further is not None:
            # Judged as the digits the split ends in: three or more digits run together
            # would otherwise be weighed as two, one of them a wide blob no digit matches.
            halves = split_further(halves)
            score = sum(scorer.score(half) for half in halves)
        edges.append(Edge(index, index + 1, score, halves))
    for index, (score, parts) in runs.items():
        edges.append(Edge(index, index + 1, score, parts))
    digits = []
    for edge in best_path(len(line.reads), edges):
        if edge.stop == edge.start + 1 and edge.start in sequences:
            reading, log_probabilities, parts = sequences[edge.start]
            confirmed = _confirmed_by_classifier(reading, parts, scorer)
            checked = _checked_by_sequence(edge.payload, reading, log_probabilities, parts, confirmed)
            digits.append(_doubted_if_more_digits_read(checked, reading))
        else:
            digits.append(edge.payload)
    return digits


def _digits_counted(
    parts: list[_Read],
    beside: list[bool],
    inside: list[int],
    hanging: list[bool],
    is_digit: Callable[[_Read], bool],
) -> int:
    """How many digits the parts of a join count as: a part holding several (`inside`)
    as that many, else one where `is_digit` finds it one and it is not `hanging` beside
    a taller part, or it stands `beside` the digit the join reads."""
    return sum(
        count if count > 1 else int((is_digit(part) and not hangs) or one)
        for part, one, count, hangs in zip(parts, beside, inside, hanging, strict=True)
    )


def _digits_of_a_sure_sequence(
    sequence: tuple[SequenceReading, np.ndarray, list[_Read] | None] | None,
) -> int:
    """How many digits the sequence reader finds in a piece where it is SEQUENCE_SURE_ALONE
    sure of two or more and its parts stand (see `_agreed_parts`); else one."""
    if sequence is None:
        return 1
    reading, _, parts = sequence
    if parts is None or len(parts) < 2 or reading.probability < SEQUENCE_SURE_ALONE:
        return 1
    return len(parts)


def _checked_by_sequence(
    reads: list[_Read],
    reading: SequenceReading,
    log_probabilities: np.ndarray,
    parts: list[_Read] | None,
    confirmed: bool = False,
) -> list[_Read]:
    """The lattice's digits for one piece, or the sequence reader's where it is
    SEQUENCE_SURE of a different string and finds the lattice's SEQUENCE_MARGIN times
    less likely, or where the classifier `confirmed` it (`_confirmed_by_classifier`): its
    parts (`_sequence_parts`) with its probabilities for each digit, or the classifier's
    where it read one of two or more parts (a narrow piece's, `_agreed_parts`; the
    others' parts are unread, at even odds) as another digit surely: it reads a digit
    cut cleanly better than the sequence reader."""
    if parts is None or any(read.stray for read in reads):
        return reads
    text = "".join(str(read.digit) for read in reads)
    if reading.text == text or reading.probability < SEQUENCE_SURE:
        return reads
    margin = SEQUENCE_SUBSTITUTION_MARGIN if len(reading.text) == len(text) else SEQUENCE_MARGIN
    doubted = np.log(reading.probability) - string_log_probability(log_probabilities, text) < np.log(margin)
    if doubted and not confirmed:
        return reads
    # One part is the piece itself, read by the classifier: the sequence reader's word
    # on it is what SEQUENCE_SUBSTITUTION_MARGIN weighed (a wide 8 the classifier read "5").
    several = len(parts) > 1
    return [
        part
        if several and part.confidence >= LOW_CONFIDENCE and part.digit != int(np.argmax(probabilities))
        else replace(part, probabilities=probabilities)
        for part, probabilities in zip(parts, reading.probabilities, strict=True)
    ]


def _doubted_if_more_digits_read(reads: list[_Read], reading: SequenceReading) -> list[_Read]:
    """A piece's digits, marked `more_digits` where the sequence reader reads more digits
    in the piece than they are, at least MORE_DIGITS_CHANCE sure; not where a mark of it
    was left out as a stray stroke (`_checked_by_sequence` leaves those digits as they are
    too)."""
    stray = any(read.stray for read in reads)
    if stray or len(reading.text) <= len(reads) or reading.probability < MORE_DIGITS_CHANCE:
        return reads
    return [replace(read, more_digits=True) for read in reads]


def _sequence_parts(
    piece: Piece, reading: SequenceReading, frame: np.ndarray, reference: float
) -> list[Piece] | None:
    """The piece cut where the sequence reader's digits meet: midway between the
    columns of one digit and the next (the frame's ink mapped onto the piece's), along
    a least-ink path near there (`runs.parts_at`). None where a part would be empty."""
    if len(reading.text) <= 1:
        return [piece] if reading.text else None
    inked = np.flatnonzero(frame.max(axis=0) > 0.05)
    if inked.size == 0:
        return None
    columns_per_step = frame.shape[1] / reading.steps
    to_piece = piece.width / (inked[-1] + 1 - inked[0])
    columns = [
        ((end + 1 + start) / 2 * columns_per_step - inked[0]) * to_piece
        for (_, end), (start, _) in pairwise(reading.spans)
    ]
    masks = parts_at(piece.mask, columns, reference)
    if masks is None:
        return None
    parts = [part_of(piece, mask) for mask in masks]
    return None if any(part is None for part in parts) else parts


def _run_parts(piece: Piece, reference: float) -> tuple[int, list[tuple[int, int, Piece]]]:
    """A piece that may be a run of touching digits: how many boundaries its least-ink
    cut paths make with its edges, and the parts between them (start, stop, part)."""
    paths = cut_paths(piece.mask, reference)
    parts = []
    for start, stop, mask in parts_between(piece.mask, paths, reference):
        part = part_of(piece, mask)
        if part is not None:
            parts.append((start, stop, part))
    return len(paths) + 2, parts


def _best_run(
    boundaries: int, parts: list[tuple[int, int, Piece]], reads: list[_Read], scorer: _Scorer
) -> tuple[float, list[_Read]] | None:
    """The best sequence of a run's parts from its left edge to its right, each part
    read as one digit and scored as any piece is, through parts the verifier finds
    credible as a cut's halves must be (CREDIBLE_HALF); None when no sequence of two or
    more such parts covers the run."""
    edges = [
        Edge(start, stop, scorer.score(read), [read])
        for (start, stop, _), read in zip(parts, reads, strict=True)
        if read.one_digit >= CREDIBLE_HALF
    ]
    try:
        path = best_path(boundaries - 1, edges)
    except ValueError:
        return None
    if len(path) < 2:
        return None
    return sum(edge.score for edge in path), [read for edge in path for read in edge.payload]


def _sure_digits_inside(read: _Read, split: tuple[float, list[_Read]] | None, scorer: _Scorer) -> int:
    """How many whole digits a piece holds, as far as its best cut shows: as many as the
    cut's halves where they are digits both networks are sure of and either the verifier
    doubts the piece is one digit (below VERIFIER_UNSURE) or the classifier does (below
    SURE_ENOUGH_WHOLE) and each half is as tall as the line's digits (TALL_SHARE); else
    one. Reading them as one digit costs what joining two such pieces does. A small 2
    written into the foot of the 5 beside it reads as one 5 at 99% that the verifier
    doubts; a 2 and a 5 whose strokes just touch, as one 5 at 60% that the verifier
    believes (97%), and read whole it cost one digit less than read as two. A short half
    is no digit of the line the classifier's doubt alone should part: an odd 9 read at 76%
    was cut into a 5 and a small 2."""
    if split is None:
        return 1
    halves = split[1]
    if not all(_sure_whole_digit(half) for half in halves):
        return 1
    if read.one_digit < VERIFIER_UNSURE:
        return len(halves)
    line_height = all(scorer.full_height(half.piece) for half in halves)
    return len(halves) if read.confidence < SURE_ENOUGH_WHOLE and line_height else 1


def _hanging_beside(part: _Read, parts: list[_Read]) -> bool:
    """Does this part end in the top HANGING_SHARE of the rows of a taller part of the same
    join: a stroke of that digit, not a small digit?"""
    piece = part.piece
    return any(
        other.piece.height > piece.height
        and piece.bottom <= other.piece.y + HANGING_SHARE * other.piece.height
        for other in parts
        if other is not part
    )


def _digits_beside_what_it_reads(parts: list[_Read], union: _Read, scorer: _Scorer) -> list[bool]:
    """Which parts of a join are digits written beside a digit, not strokes broken off it
    (see `_a_one_beside`, `_a_digit_beside`), the digit being a part that reads as the
    union does. Such a digit adds nothing to what the union reads: a small 1 beside a 7,
    a short slanted 1 before a 6, joined into it at no cost ("893717" read "89377"); a
    small 4 and 8 run together beside a 6 ("648" read "6")."""
    anchors = [part for part in parts if part.digit == union.digit]
    return [
        any(_a_one_beside(part, digit, scorer) or _a_digit_beside(part, digit, scorer) for digit in anchors)
        for part in parts
    ]


def _a_one_beside(one: _Read, digit: _Read, scorer: _Scorer) -> bool:
    """Is `one` a 1 written beside `digit`? Read as 1, clear of the columns of a digit of
    the line's height (TALL_SHARE) that is a sure whole digit on its own (see
    `_sure_whole_digit`), taller than a comma beside it (PUNCTUATION_SIZE of its height),
    and standing in the lower half of its rows, as a small digit does, on the baseline or
    centred. A stroke broken off a digit's top (the end of a 7's bar, read as a 1 beside
    the rest) hangs from the top; one broken off a small digit (a small 6's stem) stands
    beside a digit no taller than itself. A small 1 written close may reach into the
    digit's columns (by up to ONE_BESIDE_OVERLAP of its own width): its ink still
    stands mostly beside the digit's box, where a broken-off stroke lies within it.
    Beside a small digit, only as `_a_one_as_tall_beside_a_small_digit` says."""
    if one.digit != 1:
        return False
    if _standing_beside(one, digit, scorer):
        return True
    return _a_one_as_tall_beside_a_small_digit(one, digit)


def _a_one_as_tall_beside_a_small_digit(one: _Read, digit: _Read) -> bool:
    """Is `one` a 1 beside a small digit, as tall as it? Both networks sure of the digit
    (`_sure_whole_digit`), the classifier SURE_ENOUGH_WHOLE of the 1 and the verifier not
    doubting it (VERIFIER_UNSURE), the 1 no taller than ONE_AS_TALL times the digit and
    standing beside it (`_beside`). A small digit's broken-off stem stands taller than
    the rest of it (a 6's stem beside its loop)."""
    if not _sure_whole_digit(digit) or one.confidence < SURE_ENOUGH_WHOLE or one.one_digit < VERIFIER_UNSURE:
        return False
    if one.piece.height > ONE_AS_TALL * digit.piece.height:
        return False
    return _beside(one.piece, digit.piece)


def _a_digit_beside(small: _Read, digit: _Read, scorer: _Scorer) -> bool:
    """Is `small` a digit other than 1 written beside `digit`, standing as `_a_one_beside`
    asks of a 1? The classifier sure of it (SURE_ENOUGH_WHOLE) and the verifier not
    doubting it (VERIFIER_UNSURE): a small digit run into another, or two run together,
    the verifier finds less sure than `_sure_whole_digit` asks, and a fragment outside a
    digit's columns is seldom read so surely as a digit. Written clear of the digit's
    columns, with blank between, either network's word is enough: the classifier
    SURE_ENOUGH_WHOLE sure, or LOW_CONFIDENCE sure with the verifier STRONG_ONE_DIGIT sure
    (a small 2 five pixels before a 0, read at 100% but believed at 46%, and a small 4
    seven pixels after a 2, read at 93% and believed at 100%, were joined into the large
    digit and lost; measured at ONE_BESIDE_OVERLAP)."""
    if small.digit == 1 or not _standing_beside(small, digit, scorer):
        return False
    if small.confidence >= SURE_ENOUGH_WHOLE and small.one_digit >= VERIFIER_UNSURE:
        return True
    clear = small.piece.right < digit.piece.x or digit.piece.right < small.piece.x
    return clear and (
        small.confidence >= SURE_ENOUGH_WHOLE
        or (small.confidence >= LOW_CONFIDENCE and small.one_digit >= STRONG_ONE_DIGIT)
    )


def _standing_beside(small: _Read, digit: _Read, scorer: _Scorer) -> bool:
    """The geometry of `_a_one_beside`, for any small mark beside a sure whole digit."""
    return _sure_digit_of_the_line(digit, scorer) and _beside(small.piece, digit.piece)


def _beside(small_piece: Piece, digit_piece: Piece) -> bool:
    """Does a mark stand beside a digit: reaching at most ONE_BESIDE_OVERLAP of its width
    into the digit's columns, its bottom in the lower half of the digit's rows, taller
    than a comma (PUNCTUATION_SIZE of the digit)?"""
    standing = small_piece.bottom > digit_piece.y + digit_piece.height / 2
    return (
        _mostly_beside(small_piece, digit_piece)
        and standing
        and small_piece.height > PUNCTUATION_SIZE * digit_piece.height
    )


def _mostly_beside(small_piece: Piece, digit_piece: Piece) -> bool:
    """Does a mark reach at most ONE_BESIDE_OVERLAP of its width into a digit's columns?"""
    overlap = min(small_piece.right, digit_piece.right) - max(small_piece.x, digit_piece.x)
    return overlap <= ONE_BESIDE_OVERLAP * small_piece.width


def _beside_a_sure_digit(reads: list[_Read], index: int, scorer: _Scorer) -> bool:
    """Does this short mark stand beside a neighbour on its line as a 1 written beside it
    (see `_a_one_beside`)? Then it is a small 1, not a stray stroke: strokes broken off a
    digit lie within its columns, and a small 1 drawn with a thick pen, which the verifier
    doubts, was left out beside a 4 ("41" read "4")."""
    neighbours = reads[max(index - 1, 0) : index] + reads[index + 1 : index + 2]
    return any(_a_one_beside(reads[index], neighbour, scorer) for neighbour in neighbours)


def _a_stray_dot(reads: list[_Read], index: int, scorer: _Scorer) -> bool:
    """Is this read a dot to leave out (NO_DIGIT_AT_ALL): short, no digit to the verifier,
    all stroke, and at most DOT_PEN_WIDTHS of its line's other strokes across?"""
    piece = reads[index].piece
    if not (scorer.short(piece) and reads[index].one_digit < NO_DIGIT_AT_ALL and a_dot(piece.mask)):
        return False
    widths = [stroke_width(read.piece.mask) for position, read in enumerate(reads) if position != index]
    return not widths or max(piece.width, piece.height) <= DOT_PEN_WIDTHS * float(np.median(widths))


def _sure_whole_digit(read: _Read) -> bool:
    """Both networks sure of a digit other than 1 (any stroke broken off a digit reads as a 1)."""
    return read.digit != 1 and read.one_digit >= STRONG_ONE_DIGIT and read.confidence >= SURE_ENOUGH_WHOLE


def _sure_digit_of_the_line(read: _Read, scorer: _Scorer) -> bool:
    """A sure whole digit (`_sure_whole_digit`) as tall as the line's digits (TALL_SHARE)."""
    return _sure_whole_digit(read) and scorer.full_height(read.piece)


def _written_apart(pieces: list[Piece], index: int, reference: float) -> bool:
    """Is this piece clear of its line's others (see STRAY_CLEARANCE)?"""
    piece, clearance = pieces[index], STRAY_CLEARANCE * reference
    if len(pieces) == 1:
        return False
    if 0 < index < len(pieces) - 1:
        return min(piece.x - pieces[index - 1].right, pieces[index + 1].x - piece.right) >= clearance
    neighbour = pieces[1] if index == 0 else pieces[-2]
    gap = neighbour.x - piece.right if index == 0 else piece.x - neighbour.right
    band = END_BAND * reference
    return gap >= clearance and neighbour.y - band <= piece.y and piece.bottom <= neighbour.bottom + band


def read_lines(
    pieces: list[Piece],
    ink: np.ndarray,
    model: DigitClassifier,
    scorer: _Scorer,
    slope: float | None = None,
    turn: float = 0.0,
) -> list[_Read]:
    """Every line read as its best path through the lattice, in two model calls for the
    whole image however many lines it holds: the pieces with every run of neighbours,
    then the halves of the pieces worth cutting (which ones depends on their readings).
    Sizes and gaps are judged against each line's own digits: a line written small is
    not read as fragments of the large one above it. Stray strokes left out are among
    the reads, marked `stray`. Writing that runs at `slope` (`writing_slope`'s, found
    here when not given) is grouped into lines as if level, and its digits are turned
    level by `turn` (the same slope, or 0.0 where they stand upright whatever the lines
    do) before they are framed."""
    piece_lines = group_lines(pieces, slope)
    scorers = [_line_scorer(line, scorer) for line in piece_lines]
    groups = [
        _groups(line, line_scorer.reference) for line, line_scorer in zip(piece_lines, scorers, strict=True)
    ]
    in_order = [piece for line in piece_lines for piece in line]
    unions = [union for line_groups in groups for _, _, union, _ in line_groups]
    bridged = np.array([0.0] * len(in_order) + [gap for line_groups in groups for *_, gap in line_groups])

    def worth_reading(one_digit: np.ndarray) -> np.ndarray:
        return ~_across_clear_gap(bridged, one_digit)  # the pieces themselves bridge nothing

    # Pieces the sequence reader may read whole are framed for it here too: their stroke
    # work is shared with the classifier's frames.
    may_be_read_whole = [
        _may_be_read_whole(piece, line_scorer)
        for line, line_scorer in zip(piece_lines, scorers, strict=True)
        for piece in line
    ]
    classified = iter(
        _classify(
            in_order + unions,
            ink,
            model,
            turn,
            worth_reading,
            run_frames=may_be_read_whole + [False] * len(unions),
        )
    )
    lines = [
        _Line([next(classified) for _ in line], line_groups, line_scorer)
        for line, line_groups, line_scorer in zip(piece_lines, groups, scorers, strict=True)
    ]
    group_reads = [[next(classified) for _ in line.groups] for line in lines]
    for line in lines:
        line.cuts = {
            index: candidate_cuts(read.piece)
            for index, read in enumerate(line.reads)
            if line.scorer.worth_splitting(read)
        }
        line.runs = {
            index: _run_parts(line.reads[index].piece, line.scorer.reference)
            for index in line.cuts
            if line.scorer.aspect(line.reads[index].piece) >= RUN_MIN_ASPECT
        }
    _read_as_sequences(lines, ink, turn)
    cut_halves = [half for line in lines for half in _halves(line.cuts)]
    half_scorers = [line.scorer for line in lines for _ in _halves(line.cuts)]
    run_parts = [part for line in lines for _, parts in line.runs.values() for *_, part in parts]
    sequence_parts = [
        part
        for line in lines
        for _, _, parts in line.sequences.values()
        if parts is not None and len(parts) > 1  # one digit: the piece itself, already read
        for part in parts
    ]
    # The sequence reader's parts need only their frames and the verifier's word: their
    # digits are its own. Those of narrow pieces are also classified (SEQUENCE_NARROW_MIN_ASPECT).
    narrow_part = [
        _narrow_suspect(line, index)
        for line in lines
        for index, (_, _, parts) in line.sequences.items()
        if parts is not None and len(parts) > 1
        for _ in parts
    ]
    other_parts = [
        part
        for line in lines
        for index in line.sequences
        for cut in line.other_cuts.get(index, []) + [cut for cut, _ in line.stroke_cuts.get(index, [])]
        for part in cut
    ]
    is_run_part = np.array([True] * len(run_parts) + [False] * (len(sequence_parts) + len(other_parts)), bool)
    classified_part = np.array([False] * len(run_parts) + narrow_part + [True] * len(other_parts), bool)

    halves = iter(_classify(cut_halves, ink, model, turn, _cuts_worth_reading(cut_halves, half_scorers)))
    run_reads = iter(
        _classify(
            run_parts + sequence_parts + other_parts,
            ink,
            model,
            turn,
            lambda one_digit: ((one_digit >= CREDIBLE_HALF) & is_run_part) | classified_part,
        )
    )
    line_runs = []
    for line in lines:
        best_runs = {}
        for index, (boundaries, parts) in line.runs.items():
            best = _best_run(boundaries, parts, [next(run_reads) for _ in parts], line.scorer)
            if best is not None:
                best_runs[index] = best
        line_runs.append(best_runs)
    line_sequences = [
        {
            index: (
                reading,
                log_probabilities,
                None
                if parts is None
                else [line.reads[index]]
                if len(parts) == 1
                else _agreed_parts(line, index, reading, [next(run_reads) for _ in parts]),
            )
            for index, (reading, log_probabilities, parts) in line.sequences.items()
        }
        for line in lines
    ]
    # A narrow piece whose own cut the classifier does not confirm takes the first other
    # cut it does confirm (`_two_part_cuts`): a 1 against a digit's side, cut midway
    # between the sequence reader's digits, often leaves a lump of one in the other. Then
    # the cuts along a straight stroke at either end (`_stroke_cuts`, confirmed as
    # `_stroke_cut_confirmed` says): a 1 drawn over a digit's side, no path between them.
    for line, sequences in zip(lines, line_sequences, strict=True):
        for index in line.sequences:
            other_reads = [[next(run_reads) for _ in cut] for cut in line.other_cuts.get(index, [])]
            stroke_reads = [
                ([next(run_reads) for _ in cut], as_tall) for cut, as_tall in line.stroke_cuts.get(index, [])
            ]
            reading, log_probabilities, parts = sequences[index]
            if _confirmed_by_classifier(reading, parts, line.scorer):
                continue
            confirmed = [cut for cut in other_reads if _confirmed_by_classifier(reading, cut, line.scorer)]
            confirmed += [
                cut
                for cut, as_tall in stroke_reads
                if _stroke_cut_confirmed(reading, cut, as_tall, line.scorer)
            ]
            if not _a_narrow_pair(line, index):
                confirmed = [cut for cut in confirmed if _plain_small_parts(cut, line.scorer)]
            if confirmed:
                sequences[index] = (reading, log_probabilities, confirmed[0])
    reads: list[_Read] = []
    for line, line_group_reads, best_runs, sequences in zip(
        lines, group_reads, line_runs, line_sequences, strict=True
    ):
        line_halves = [next(halves) for _ in _halves(line.cuts)]

        def split_further(parts: list[_Read], scorer: _Scorer = line.scorer) -> list[_Read]:
            return split_again(parts, ink, model, scorer, turn)

        for parts in read_line(line, line_group_reads, line_halves, split_further, best_runs, sequences):
            if len(parts) > 1:  # one piece cut in two or more: digits that touched
                parts = [replace(part, cut=True) for part in parts]
            reads.extend(parts)
    return reads


def _read_as_sequences(lines: list[_Line], ink: np.ndarray, turn: float) -> None:
    """Every piece worth cutting or SEQUENCE_NARROW_MIN_ASPECT wide read whole by the
    sequence reader, in one call for the image (`_middle_of_run_frames`), and cut where it
    reads a digit ending (`_sequence_parts`), into `line.sequences`; a narrow piece it reads
    as one digit is left out. Nothing without the sequence reader (its file missing)."""
    sequence_reader = load_sequence_reader()
    suspects = [
        (line, index)
        for line in lines
        for index, read in enumerate(line.reads)
        if index in line.cuts or read.run_frame is not None  # framed for it: `_may_be_read_whole`
    ]
    if sequence_reader is None or not suspects:
        return
    narrow = [_narrow_suspect(line, index) for line, index in suspects]
    whole_frames = [
        line.reads[index].run_frame
        if line.reads[index].run_frame is not None
        else to_run_frame(*_own_ink(ink, line.reads[index].piece, turn))
        for line, index in suspects
    ]
    frames = (
        _middle_of_run_frames(whole_frames) if sequence_reader.reads_any_width else np.stack(whole_frames)
    )
    for (line, index), frame, log_probabilities, is_narrow in zip(
        suspects, frames, sequence_reader.log_probabilities(frames), narrow, strict=True
    ):
        piece = line.reads[index].piece
        if is_narrow and best_path_length(log_probabilities) < 2:
            continue  # read as one digit: the classifier's word on it stands
        reading = sequence_best_path(log_probabilities)
        parts = None
        if reading.probability >= SEQUENCE_SURE:
            parts = _sequence_parts(piece, reading, frame, line.scorer.reference)
        line.sequences[index] = (reading, log_probabilities, parts)
        # Any piece read as two digits, SEQUENCE_SURE, has the other cuts tried too, not
        # only a narrow pair: its own cut fails the same way, or finds no part at all
        # (see PLAIN_DIGIT_SLACK).
        if _a_narrow_pair(line, index) or (len(reading.text) == 2 and reading.probability >= SEQUENCE_SURE):
            line.other_cuts[index] = _two_part_cuts(piece, line.scorer.reference)
            line.stroke_cuts[index] = _stroke_cuts(piece)


def _a_narrow_pair(line: _Line, index: int) -> bool:
    """Is this a narrow piece (`_narrow_suspect`) the sequence reader cut in two itself?
    Its other cuts stand as the classifier confirms them; those of any other piece read
    as two digits only where their short parts read as plain digits (`_plain_small_parts`)."""
    _, _, parts = line.sequences[index]
    return _narrow_suspect(line, index) and parts is not None and len(parts) == 2


def _two_part_cuts(piece: Piece, reference: float) -> list[list[Piece]]:
    """The piece cut in two along each of its least-ink paths (`cut_paths`)."""
    columns = np.arange(piece.width)[None, :]
    cuts = []
    for path in cut_paths(piece.mask, reference):
        left = part_of(piece, piece.mask & (columns <= path[:, None]))
        right = part_of(piece, piece.mask & (columns > path[:, None]))
        if left is not None and right is not None:
            cuts.append([left, right])
    return cuts


def _stroke_cuts(piece: Piece) -> list[tuple[list[Piece], bool]]:
    """The piece cut in two along the far edge of a straight stroke at either end
    (`straight_stroke_cuts`): a 1 written over the side of an 8 or a 0, that no least-ink
    path parts from it. Each cut's parts, and whether the stroke is as tall as the piece."""
    cuts = []
    for cut in straight_stroke_cuts(piece.mask, stroke_width(piece.mask)):
        left, right = part_of(piece, cut.left), part_of(piece, cut.right)
        if left is not None and right is not None:
            cuts.append(([left, right], cut.as_tall))
    return cuts


def _middle_of_run_frames(frames: list[np.ndarray]) -> np.ndarray:
    """The run frames cut to the middle columns that hold all their ink, MIDDLE_RUN_MARGIN
    columns from both ends, in steps of RUN_COLUMNS_STEP: one batch. The sequence network
    works along the frame as a convolution, so it reads the middle as it reads the whole
    (the same strings on 300 held-out runs, probabilities within 0.01) at a cost that
    grows with the width: most pieces it reads hold one or two digits, in a third of the
    160 columns."""
    stacked = np.stack(frames)
    full = stacked.shape[2]
    inked = np.flatnonzero(stacked.max(axis=(0, 1)) > 0)
    if inked.size == 0:
        return stacked
    half = max(full / 2 - inked[0], inked[-1] + 1 - full / 2) + MIDDLE_RUN_MARGIN
    width = min(full, int(np.ceil(2 * half / RUN_COLUMNS_STEP)) * RUN_COLUMNS_STEP)
    start = (full - width) // 2
    return stacked[:, :, start : start + width]


def _may_be_read_whole(piece: Piece, scorer: _Scorer) -> bool:
    """Whether the sequence reader reads this piece, whether or not it is worth cutting:
    every piece SMALL_BESIDE_MIN_ASPECT wide. Those under SEQUENCE_MIN_ASPECT are read as
    narrow pieces (`_narrow_suspect`): their strings count where `_read_as_narrow` admits
    them and the classifier agrees (`_agreed_parts`), else only where it confirms them
    (`_confirmed_by_classifier`)."""
    return _read_as_narrow(piece, scorer) or scorer.aspect(piece) >= SMALL_BESIDE_MIN_ASPECT


def _read_as_narrow(piece: Piece, scorer: _Scorer) -> bool:
    """SEQUENCE_PAIR_MIN_ASPECT wide, or SEQUENCE_NARROW_MIN_ASPECT ending in a band of
    SMALL_DIGIT_BAND where a small digit may lie: the sequence reader's word on such a
    piece counts as `_agreed_parts` says."""
    aspect = scorer.aspect(piece)
    return aspect >= SEQUENCE_PAIR_MIN_ASPECT or (
        aspect >= SEQUENCE_NARROW_MIN_ASPECT and _may_end_in_a_small_digit(piece.mask)
    )


def _may_end_in_a_small_digit(mask: np.ndarray) -> bool:
    """Whether a piece ends, left or right, in a band of SMALL_DIGIT_BAND of its inked width
    or more whose columns' ink spans at most SMALL_DIGIT_EXTENT of its height: where a
    small digit written into a large one's side would lie."""
    height, _ = mask.shape
    inked = mask.any(axis=0)
    top = mask.argmax(axis=0)
    bottom = height - 1 - mask[::-1].argmax(axis=0)
    short = ~inked | (bottom - top + 1 <= SMALL_DIGIT_EXTENT * height)
    columns = np.flatnonzero(inked)
    if columns.size == 0:
        return False
    short = short[columns[0] : columns[-1] + 1]
    tall = np.flatnonzero(~short)
    if tall.size == 0:
        return False
    band = max(tall[0], short.size - 1 - tall[-1])
    return band >= SMALL_DIGIT_BAND * short.size


def _narrow_suspect(line: _Line, index: int) -> bool:
    """Is this piece read by the sequence reader only as a narrow one (SEQUENCE_NARROW_MIN_ASPECT,
    SEQUENCE_PAIR_MIN_ASPECT)?"""
    return index not in line.cuts and line.scorer.aspect(line.reads[index].piece) < SEQUENCE_MIN_ASPECT


def _agreed_parts(
    line: _Line, index: int, reading: SequenceReading, parts: list[_Read]
) -> list[_Read] | None:
    """The sequence reader's parts of a piece, or None for a narrow piece where the
    classifier reads any part as another digit than the sequence reader does: surely
    (LOW_CONFIDENCE), or at all unless the sequence reader is SEQUENCE_SURE_ALONE sure or
    the parts are small digits written into a large one's side (`_small_digits_beside`).
    A narrower piece, or one that ends in no such band, keeps its parts only where the
    classifier confirms them (`_confirmed_by_classifier`)."""
    if not _narrow_suspect(line, index):
        return parts
    piece = line.reads[index].piece
    if not _read_as_narrow(piece, line.scorer):
        return parts if _confirmed_by_classifier(reading, parts, line.scorer) else None
    disagreeing = [
        part for part, character in zip(parts, reading.text, strict=True) if part.digit != int(character)
    ]
    if not disagreeing:
        return parts
    if _small_digits_beside(piece, parts, line.scorer):
        return parts
    if reading.probability >= SEQUENCE_SURE_ALONE and all(
        part.confidence < LOW_CONFIDENCE for part in disagreeing
    ):
        return parts
    return None


def _small_digits_beside(piece: Piece, parts: list[_Read], scorer: _Scorer) -> bool:
    """Are these parts of a piece a large digit and small ones written into its side? The
    piece may end in a small digit (`_may_end_in_a_small_digit`), the part at that end
    or the other is a sure whole digit of the line's height and the rest are shorter.
    There the sequence reader finds the digits (a large 8 with a small 9 and 0 run into
    it, read "8" at 99% that the verifier believed) but often misreads one ("820" at 32%),
    which the classifier reads surely: its word on that part stands (`_checked_by_sequence`).
    Mouse drawings of a large digit with a small pair run into it (a /tmp script, 252):
    135 right without, 155 with."""
    if not _may_end_in_a_small_digit(piece.mask):
        return False
    for large, small in ((parts[0], parts[1:]), (parts[-1], parts[:-1])):
        if _sure_digit_of_the_line(large, scorer):
            return not any(scorer.full_height(part.piece) for part in small)
    return False


def _confirmed_by_classifier(reading: SequenceReading, parts: list[_Read] | None, scorer: _Scorer) -> bool:
    """Does the classifier confirm the sequence reader's string for this piece, as small
    digits written into a large one's side (`_small_digits_confirmed`), as two digits
    of the line's height run together (`_two_digits_confirmed`), or as two small digits
    run together (`_small_pair_confirmed`)?"""
    return (
        _small_digits_confirmed(reading, parts, scorer)
        or _two_digits_confirmed(reading, parts, scorer)
        or _small_pair_confirmed(reading, parts, scorer)
    )


def _each_part_read_alike(reading: SequenceReading, parts: list[_Read]) -> bool:
    """Does the classifier read every part as the sequence reader reads it, SURE_ENOUGH_WHOLE
    sure, of a digit the verifier believes (VERIFIER_UNSURE)?"""
    return all(
        part.digit == int(character)
        and part.confidence >= SURE_ENOUGH_WHOLE
        and part.one_digit >= VERIFIER_UNSURE
        for part, character in zip(parts, reading.text, strict=True)
    )


def _two_digits_confirmed(reading: SequenceReading, parts: list[_Read] | None, scorer: _Scorer) -> bool:
    """Is this piece two digits of the line's height run together, both networks agreeing?
    The sequence reader reads two digits, SEQUENCE_SURE_ALONE sure, both parts are as tall
    as the line's digits (`_Scorer.full_height`: a part cut from a digit keeps its box
    when the cut leaves its strokes in bits), and the classifier reads each as the sequence
    reader does (`_each_part_read_alike`). A 1 written against the side of a digit as tall
    makes a piece narrower than tall that both the classifier and the verifier take for
    that digit alone ("91" read "9" at 100%, the verifier 100% sure)."""
    if parts is None or len(parts) != 2 or reading.probability < SEQUENCE_SURE_ALONE:
        return False
    return all(scorer.full_height(part.piece) for part in parts) and _each_part_read_alike(reading, parts)


def _small_pair_confirmed(reading: SequenceReading, parts: list[_Read] | None, scorer: _Scorer) -> bool:
    """Is this piece two small digits run together, both networks agreeing? As
    `_two_digits_confirmed`, with the parts' heights judged against the piece's own rather
    than the line's: the piece is shorter than the line's digits, and each part's largest
    run of ink is as tall as the piece (TALL_SHARE), no sliver cut off its edge. The
    sequence reader's two digits stand however unsure it is (SEQUENCE_SURE), as
    `_small_digits_confirmed`'s do, where the classifier reads each part as it does."""
    if parts is None or len(parts) != 2 or reading.probability < SEQUENCE_SURE:
        return False
    top = min(part.piece.y for part in parts)
    height = max(part.piece.y + part.piece.height for part in parts) - top
    if height >= TALL_SHARE * scorer.reference:
        return False
    return not any(_short_part(part.piece, height) for part in parts) and _each_part_read_alike(
        reading, parts
    )


def _stroke_cut_confirmed(
    reading: SequenceReading, parts: list[_Read], as_tall: bool, scorer: _Scorer
) -> bool:
    """Does the classifier confirm a cut along a straight stroke (`_stroke_cuts`)? One along
    a stroke as tall as the piece, only as two digits of the line's height
    (`_two_digits_confirmed`) or, in a short piece, as two small digits each as tall as
    it (`_small_pair_confirmed`: a small 1 run over a small 6's side, "166" read "66"):
    cutting a 4's or a 9's stem off leaves a short part the classifier still reads as a
    sure 4 or 9, that `_small_digits_confirmed` would take for a small digit ("4" read
    "41", development seed 1). One along a shorter stroke, only as
    a small 1 beside a digit of the line's height (`_small_digits_confirmed`, every short
    part read as a 1)."""
    if as_tall:
        return _two_digits_confirmed(reading, parts, scorer) or _small_pair_confirmed(reading, parts, scorer)
    short_ones = all(part.digit == 1 for part in parts if _short_part(part.piece, scorer.reference))
    return short_ones and _small_digits_confirmed(reading, parts, scorer)


def _small_digits_confirmed(reading: SequenceReading, parts: list[_Read] | None, scorer: _Scorer) -> bool:
    """Do the sequence reader and the classifier agree that this piece is a large digit
    with small ones written into its side? The sequence reader reads two digits or more,
    one part is as tall as the line's digits and another is not (`_main_stroke_height`),
    none is under STRAY_TICK_HEIGHT of them (a sliver at the piece's edge, cut off along
    a least-ink path, read as a sure 1: "4" read "41"), and the classifier
    reads every part as the sequence reader does, SURE_ENOUGH_WHOLE sure, of a digit the
    verifier believes (VERIFIER_UNSURE). Then the sequence reader's string stands however
    unsure it is (SEQUENCE_SURE): a small 1 or 2 touching a large 2 was read "2" at 100%
    that the verifier believed, the sequence reader reading "21" at 44% and the
    classifier each part at 100%. The classifier alone reads a part holding a lump of a
    large digit as a sure digit too (the tail of an 8's open loop as a 3, "8" read "83"),
    and a 4's stem as a sure 1 ("4" read "41"): agreeing on each digit, and a short part,
    are what tell the two apart."""
    if parts is None or len(parts) < 2:
        return False
    full_height = [not _short_part(part.piece, scorer.reference) for part in parts]
    if all(full_height) or not any(full_height):
        return False
    if any(part.piece.height < STRAY_TICK_HEIGHT * scorer.reference for part in parts):
        return False
    if _a_stroke_cut_off(parts, scorer.reference):
        return False
    return _each_part_read_alike(reading, parts)


def _plain_small_parts(parts: list[_Read], scorer: _Scorer) -> bool:
    """Does every short part of a cut (`_short_part`) read as a plain digit: its score
    (classifier, shape and verifier) within PLAIN_DIGIT_SLACK of a sure digit's?"""
    return all(
        scorer.score(part) >= -scorer.weights.digit_cost - PLAIN_DIGIT_SLACK
        for part in parts
        if _short_part(part.piece, scorer.reference)
    )


def _short_part(piece: Piece, reference: float) -> bool:
    """Is this part of a cut shorter than `reference` (TALL_SHARE of it: the line's digits,
    or the piece it was cut from), judged by its largest run of ink (`_main_stroke_height`)?"""
    return _main_stroke_height(piece) < TALL_SHARE * reference


def _main_stroke_height(piece: Piece) -> int:
    """The height of a piece's largest connected run of ink: a part cut along the least
    ink keeps bits of the digit it touched (a small 1's part, the tips of the 3 beside
    it, as tall as the 3), apart from its own strokes."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(piece.mask.view(np.uint8), connectivity=8)
    if count < 2:
        return 0
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return int(stats[largest, cv2.CC_STAT_HEIGHT])


def _line_scorer(line: list[Piece], image_scorer: _Scorer) -> _Scorer:
    """A scorer whose reference is this line's typical digit height, within
    LINE_REFERENCE_RANGE of the whole image's (one line of fragments stays readable)."""
    reference = reference_height([piece.height for piece in line], [piece.area for piece in line])
    low, high = (share * image_scorer.reference for share in LINE_REFERENCE_RANGE)
    return _Scorer(min(max(reference, low), high), image_scorer.weights)


def split_again(
    reads: list[_Read], ink: np.ndarray, model: DigitClassifier, scorer: _Scorer, turn: float = 0.0
) -> list[_Read]:
    """Halves of a split still too wide for one digit (three or more touching digits)
    are tried again, whole against their best cut; one model call per round. Their ink
    is turned level by `turn` (see read_lines)."""
    checked: set[int] = set()
    for _ in range(MAX_SPLIT_ROUNDS - 1):
        suspects = [
            index
            for index, read in enumerate(reads)
            if id(read) not in checked and scorer.aspect(read.piece) >= SPLIT_AGAIN_ASPECT
        ]
        if not suspects:
            break
        checked.update(id(reads[index]) for index in suspects)
        cuts = {index: candidate_cuts(reads[index].piece) for index in suspects}
        cut_halves = _halves(cuts)
        worth_reading = _cuts_worth_reading(cut_halves, [scorer] * len(cut_halves))
        best = _best_splits(cuts, _classify(cut_halves, ink, model, turn, worth_reading), scorer)
        replaced = {
            index: halves for index, (score, halves) in best.items() if score > scorer.score(reads[index])
        }
        if not replaced:
            break
        reads = [part for index, read in enumerate(reads) for part in replaced.get(index, [read])]
    return reads


def read_number(
    image: ImageSource, model: str | DigitClassifier = "cnn", weights: Weights = DEFAULT_WEIGHTS
) -> Reading:
    """Read the handwritten number in `image` (array, PIL image, file bytes or path).

    Raises core.reading.image_input.ImageInputError for what is not a readable image, and
    core.reading.segment.SegmentationError for an image that cannot hold a number (hundreds
    of marks). A blank image gives an empty Reading whose message says so. `weights`
    are the lattice's priors (core/reading/lattice.py); the defaults are the tuned ones.
    """
    classifier = _cached_model(model) if isinstance(model, str) else model
    model_name = model if isinstance(model, str) else classifier.spec.name
    rgba, image_size = load_reduced(image, max_side=WORKING_MAX_SIDE)
    whole = _Placement(0.0, 0.0, rgba.shape[1] / image_size[0], image_size)
    reading = _read_rgba(rgba, whole, classifier, model_name, weights)
    if not reading.digits:
        return reading
    height = float(np.median([digit.box.height for digit in reading.digits]))  # input pixels
    if height * whole.scale * working_scale(rgba.shape) >= SMALL_DIGIT_HEIGHT:
        return reading
    enlarged = _small_digits_enlarged(rgba, whole, reading, height, classifier, model_name, weights)
    if enlarged is not None and (_sureness(enlarged) > _sureness(reading) or _reads_more(enlarged, reading)):
        reading = enlarged
    # Doubted for their look, small digits are so for their few pixels: say so (FAR).
    digits = tuple(
        replace(digit, doubt=FAR) if digit.doubt in (BOLD, UNCLEAR) else digit for digit in reading.digits
    )
    return replace(reading, digits=digits)


@dataclass(frozen=True)
class _Placement:
    """Where an image read lies in the input: its pixel (0, 0) at input pixel (x, y),
    `scale` of its pixels per input pixel, in an input of `image_size` (width, height)."""

    x: float
    y: float
    scale: float
    image_size: tuple[int, int]


def _read_rgba(
    rgba: np.ndarray, placement: _Placement, classifier: DigitClassifier, model_name: str, weights: Weights
) -> Reading:
    """read_number's work on the loaded image: its page, its ink, the digits there."""
    working, _ = resize_for_work(rgba)
    page = find_page(working) if cv2.minMaxLoc(cv2.extractChannel(working, 3))[0] == 255 else None
    if page is not None:  # a sheet photographed on a desk: the desk is no paper
        working = on_page(working, page)
    # Working pixels per input pixel, reduced decoding and enlargement included.
    placement = replace(placement, scale=placement.scale * working.shape[1] / rgba.shape[1])
    ink = ink_map(working)
    reading = _read_ink(ink, classifier, model_name, placement, weights)
    if ink.paper_doubt:
        # Bold strokes the paper estimate may have swallowed (see segment.bold_stroke_paper):
        # read again on the paper estimated for them. That reading is kept when it is
        # surer, or as sure and the ink it adds lies in its digits (their strokes filled
        # back, where a hard shadow's edge adds ink beside them).
        bold_ink = ink_map(working, bold_strokes=True)
        again = _read_ink(bold_ink, classifier, model_name, placement, weights)
        margin = BOLD_READING_MARGIN
        if _added_ink_in_digits(ink.ink, bold_ink.ink, again, placement):
            margin = 0.0
        if _sureness(again) > _sureness(reading) + margin:
            reading = again
    if not reading.digits and ink.median_paper_noisy:
        # Nothing found on the median's paper in a photo it left noisy: bold digits filling
        # a strip in indoor light pull the median down below the paper's vignette, and its
        # noise floor rose over the ink. Read on the mean's paper, which follows the
        # falloff; kept only where it finds digits and doubts none of them: a mean smears
        # a hard shadow's edge into ink, and on blank paper under a vignette and a
        # camera's grain it found unsure "digits" where the median found none.
        again = _read_ink(ink_map(working, mean_paper=True), classifier, model_name, placement, weights)
        if again.digits and not any(digit.low_confidence for digit in again.digits):
            return again
    return reading


def _small_digits_enlarged(
    rgba: np.ndarray,
    whole: _Placement,
    reading: Reading,
    height: float,
    classifier: DigitClassifier,
    model_name: str,
    weights: Weights,
) -> Reading | None:
    """The reading of the part of `rgba` that holds the reading's small digits, `height`
    input pixels tall (their median), enlarged (see SMALL_DIGIT_HEIGHT); None where it
    would not be enlarged MIN_ENLARGEMENT times. Marks the first reading left out beyond
    that part stay left out."""
    region = _around(
        [digit.box for digit in reading.digits], CROP_MARGIN * height * whole.scale, whole.scale, rgba.shape
    )
    enlarged, part = None, region
    for _ in range(REGROWN_PARTS + 1):
        x0, y0, x1, y1 = region
        # Enlargement of the loaded image's pixels, which may be finer than the working ones.
        factor = min(
            ENLARGED_DIGIT_HEIGHT / (height * whole.scale),
            MAX_ENLARGEMENT,
            WORKING_MAX_SIDE / max(x1 - x0, y1 - y0),
        )
        if factor < MIN_ENLARGEMENT * working_scale(rgba.shape):
            break
        crop = cv2.resize(rgba[y0:y1, x0:x1], None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        placement = _Placement(x0 / whole.scale, y0 / whole.scale, whole.scale * factor, whole.image_size)
        enlarged, part = _read_rgba(crop, placement, classifier, model_name, weights), region
        # The part's sides are the enlarged reading's image edges: a mark there that lies
        # inside the photo was cut by the part, not by the photo (a digit the first
        # reading left as specks, set aside as cut by the edge: "86091993" read
        # "8609199"). The part grows to hold it, CUT_MARK_MARGIN digit heights around it.
        cut = _at_inner_sides(enlarged, region, whole.scale, rgba.shape)
        if not cut:
            break
        grown = _around(cut, CUT_MARK_MARGIN * height * whole.scale, whole.scale, rgba.shape)
        region = (min(x0, grown[0]), min(y0, grown[1]), max(x1, grown[2]), max(y1, grown[3]))
    if enlarged is None:
        return None
    outside = tuple(mark for mark in reading.ignored if not _inside(mark.box, *part, whole.scale))
    return replace(enlarged, ignored=enlarged.ignored + outside)


def _at_inner_sides(
    reading: Reading, region: tuple[int, int, int, int], scale: float, shape: tuple[int, ...]
) -> list[DigitBox]:
    """The boxes of `reading`'s digits and marks that reach the sides of `region` (of an
    image of `shape`, `scale` of its pixels per input pixel) that lie inside that image,
    within the band where the reader takes a mark for one cut by the image's edge."""
    x0, y0, x1, y1 = region
    band = EDGE_MARGIN * max(x1 - x0, y1 - y0) + 1
    boxes = [digit.box for digit in reading.digits] + [mark.box for mark in reading.ignored]
    return [
        box
        for box in boxes
        if (x0 > 0 and box.x * scale <= x0 + band)
        or (y0 > 0 and box.y * scale <= y0 + band)
        or (x1 < shape[1] and (box.x + box.width) * scale >= x1 - band)
        or (y1 < shape[0] and (box.y + box.height) * scale >= y1 - band)
    ]


def _reads_more(enlarged: Reading, first: Reading) -> bool:
    """Does the enlarged reading read every digit of the first where it lies, and more
    digits besides, none of them doubted? Its mean sureness may still be lower: the
    first reading never saw the ink of the digits it adds (strokes a pixel wide, grey,
    under the smallest mark's size: "4306" read "430" with nothing left out), and a
    digit read in both may be a little less sure beside its new neighbour."""
    added = list(enlarged.digits)
    for digit in first.digits:
        same = [other for other in added if other.digit == digit.digit and _same_place(other.box, digit.box)]
        if not same:
            return False
        added.remove(same[0])
    return bool(added) and not any(digit.low_confidence for digit in added)


def _same_place(first: DigitBox, second: DigitBox) -> bool:
    """Do the boxes' centres each lie in the other box?"""
    return all(
        box.x <= other.x + other.width / 2 <= box.x + box.width
        and box.y <= other.y + other.height / 2 <= box.y + box.height
        for box, other in ((first, second), (second, first))
    )


def _around(
    boxes: list[DigitBox], margin: float, scale: float, shape: tuple[int, ...]
) -> tuple[int, int, int, int]:
    """The region x0, y0, x1, y1 of an image of `shape`, `scale` of its pixels per input
    pixel, that holds `boxes` (input pixels) and `margin` of its pixels around them."""
    x0 = max(0, int(min(box.x for box in boxes) * scale - margin))
    y0 = max(0, int(min(box.y for box in boxes) * scale - margin))
    x1 = min(shape[1], int(np.ceil(max(box.x + box.width for box in boxes) * scale + margin)))
    y1 = min(shape[0], int(np.ceil(max(box.y + box.height for box in boxes) * scale + margin)))
    return x0, y0, x1, y1


def _inside(box: DigitBox, x0: int, y0: int, x1: int, y1: int, scale: float) -> bool:
    """Does `box` (input pixels) lie within the region x0..x1, y0..y1 of an image `scale`
    of its pixels per input pixel?"""
    return (
        box.x * scale >= x0
        and box.y * scale >= y0
        and (box.x + box.width) * scale <= x1
        and (box.y + box.height) * scale <= y1
    )


def _added_ink_in_digits(
    ink: np.ndarray, more_ink: np.ndarray, reading: Reading, placement: _Placement
) -> bool:
    """Does ADDED_INK_IN_DIGITS of the ink that `more_ink` adds lie in the reading's digits?"""
    added = (more_ink - ink) > ADDED_INK
    total = cv2.countNonZero(added.view(np.uint8))
    if total == 0 or not reading.digits:
        return False
    inside = np.zeros(added.shape, bool)
    scale = placement.scale
    for digit in reading.digits:
        x, y = int((digit.box.x - placement.x) * scale), int((digit.box.y - placement.y) * scale)
        inside[
            max(0, y) : y + int(np.ceil(digit.box.height * scale)) + 1,
            max(0, x) : x + int(np.ceil(digit.box.width * scale)) + 1,
        ] = True
    return cv2.countNonZero((added & inside).view(np.uint8)) >= ADDED_INK_IN_DIGITS * total


def _sureness(reading: Reading) -> float:
    """How sure the reader is of a reading as a whole: the mean log of each digit's
    confidence times the verifier's probability that it is one whole digit."""
    if not reading.digits:
        return -np.inf
    return float(np.mean([np.log(max(digit.confidence * digit.one_digit, 1e-4)) for digit in reading.digits]))


def _read_ink(
    ink: InkMap, classifier: DigitClassifier, model_name: str, placement: _Placement, weights: Weights
) -> Reading:
    """read_number's work from the ink map on; `placement` says where the ink lies in the input."""
    image_size = placement.image_size
    judges = (
        _tall_join_judge(ink.ink, classifier),
        _whole_digits_judge(ink.ink, classifier),
        _stacked_digits_judge(ink.ink, classifier),
        _read_digits_judge(ink.ink, classifier),
    )
    segmentation = segment(ink, *judges)
    pieces, ignored_pieces = segmentation.pieces, list(segmentation.ignored)
    if ink.kind == "photo":
        pieces, cut_off = _whole_at_edge(pieces, ink, classifier)
        ignored_pieces += cut_off
    if not pieces:
        return _nothing_read(model_name, image_size, _marks(ignored_pieces, placement))

    reference = reference_height([piece.height for piece in pieces], [piece.area for piece in pieces])
    scorer = _Scorer(reference, weights)
    slope = writing_slope(pieces)
    # A page photographed or scanned at an angle turns its digits with its lines. A drawing
    # canvas is never turned: writing that drifts up or down across it keeps its digits
    # upright (on upright MNIST digits drawn along a baseline 4 to 12 degrees off level,
    # turning them cost 3 of 200 numbers on one seed, gained 2 on another).
    turn = 0.0 if ink.kind == "transparent canvas" else slope
    reads = read_lines(pieces, ink.ink, classifier, scorer, slope, turn)
    reads, ignored_pieces = _with_their_specks(reads, ignored_pieces, ink.ink, classifier, scorer, turn)
    ignored = _marks(ignored_pieces, placement)
    ignored += tuple(
        IgnoredMark(_to_input_pixels(read.piece, placement), read.stray) for read in reads if read.stray
    )
    reads = [read for read in reads if not read.stray]
    if not reads:
        return _nothing_read(model_name, image_size, ignored)
    read_of = {id(read.piece): read for read in reads}
    digits, lines = [], []
    for line_number, line in enumerate(group_lines([read.piece for read in reads], slope)):
        for piece in line:
            read = read_of[id(piece)]
            ranking = np.argsort(-read.probabilities)[:ALTERNATIVES]
            doubt = _doubt(read, scorer)
            # As framed: turned level with the writing. Copies: a view would keep the
            # whole working ink map alive.
            digit_ink, digit_mask = (array.copy() for array in _own_ink(ink.ink, piece, turn))
            digits.append(
                DigitReading(
                    digit=read.digit,
                    confidence=read.confidence,
                    alternatives=tuple((int(d), float(read.probabilities[d])) for d in ranking),
                    box=_to_input_pixels(piece, placement),
                    frame=read.frame,
                    line=line_number,
                    low_confidence=doubt is not None,
                    one_digit=read.one_digit,
                    doubt=doubt,
                    ink=digit_ink,
                    mask=digit_mask,
                )
            )
        lines.append("".join(str(digit.digit) for digit in digits if digit.line == line_number))
    return Reading(
        digits=tuple(digits), lines=tuple(lines), model=model_name, image_size=image_size, ignored=ignored
    )


def _marks(ignored: list[IgnoredPiece], placement: _Placement) -> tuple[IgnoredMark, ...]:
    """The marks left out, in input pixels."""
    return tuple(IgnoredMark(_to_input_pixels(mark.piece, placement), mark.reason) for mark in ignored)


def _with_their_specks(
    reads: list[_Read],
    ignored: list[IgnoredPiece],
    ink: np.ndarray,
    model: DigitClassifier,
    scorer: _Scorer,
    turn: float,
) -> tuple[list[_Read], list[IgnoredPiece]]:
    """The reads, each digit read again with the specks in its columns over or under it
    (see SPECK_REACH), and kept so where that reads surely as one digit; and the marks
    still left out. One model call, only where there are such specks."""
    specks = [mark for mark in ignored if mark.reason == SPECK]
    reach = SPECK_REACH * scorer.reference
    candidates: list[tuple[int, list[IgnoredPiece], Piece]] = []
    for index, read in enumerate(reads):
        if read.stray:
            continue
        piece = read.piece
        near = [
            mark
            for mark in specks
            if min(mark.piece.right, piece.right) > max(mark.piece.x, piece.x)
            and max(mark.piece.y - piece.bottom, piece.y - mark.piece.bottom) <= reach
        ]
        if near:
            union = piece
            for mark in near:
                union = union_of(union, mark.piece)
            # No taller than the line's digits (HEIGHT_TOLERANCE): specks between two lines
            # are no stroke of a digit of either.
            if np.log(union.height / scorer.reference) <= HEIGHT_TOLERANCE:
                candidates.append((index, near, union))
    if not candidates:
        return reads, ignored
    reads, taken = list(reads), set()
    for (index, near, _), again in zip(
        candidates, _classify([union for *_, union in candidates], ink, model, turn), strict=True
    ):
        if any(id(mark) in taken for mark in near):
            continue  # a speck between two digits is a stroke of one of them at most
        if again.confidence >= SPECKS_SURE and again.one_digit >= VERIFIER_UNSURE:
            reads[index] = replace(again, cut=reads[index].cut)  # cut from a neighbour still
            taken.update(id(mark) for mark in near)
    return reads, [mark for mark in ignored if id(mark) not in taken]


def _tall_join_judge(ink: np.ndarray, model: DigitClassifier) -> JoinJudge | None:
    """segment's judge for joins taller than a digit (see TWO_LINES_ONE_DIGIT). Without the
    verifier there is no telling, and such marks join as they did before it."""
    if load_verifier() is None:
        return None

    def judge(first: Piece, second: Piece) -> TallJoin:
        halves = _classify([first, second], ink, model)
        if all(_whole_digit_sureness(read) >= 1.0 for read in halves):
            return TallJoin.TWO_LINES
        if all(read.one_digit >= VERIFIER_UNSURE and read.confidence >= UNREADABLE_WHOLE for read in halves):
            return TallJoin.MAYBE_TWO_LINES
        upper, lower = sorted(halves, key=lambda read: read.piece.y)
        if _whole_digit_sureness(upper) >= 1.0:
            return TallJoin.UPPER_WHOLE
        if _whole_digit_sureness(lower) >= 1.0:
            return TallJoin.LOWER_WHOLE
        return TallJoin.ONE_DIGIT

    return judge


def _read_digits_judge(ink: np.ndarray, model: DigitClassifier) -> ReadDigits | None:
    """segment's judge of a line under a lone mark (`segment._lone_underline`): the digit
    each mark is read as, and how surely it is a whole digit (`_whole_digit_sureness`).
    None without the verifier."""
    if load_verifier() is None:
        return None

    def judge(pieces: list[Piece]) -> list[tuple[int, float]]:
        return [(read.digit, _whole_digit_sureness(read)) for read in _classify(pieces, ink, model)]

    return judge


def _whole_digits_judge(ink: np.ndarray, model: DigitClassifier) -> WholeDigits | None:
    """segment's judge of the parts of a mark cut across two lines: how surely each is a
    whole digit, 1.0 or more when the verifier and the classifier are as sure as
    TWO_LINES_ONE_DIGIT and TWO_LINES_CONFIDENCE ask (`_read_digits_judge`'s sureness).
    None without the verifier."""
    read_digits = _read_digits_judge(ink, model)
    if read_digits is None:
        return None
    return lambda pieces: [sureness for _, sureness in read_digits(pieces)]


def _stacked_digits_judge(ink: np.ndarray, model: DigitClassifier) -> StackedDigits | None:
    """segment's judge of a mark reaching past the one line beside it (see
    STACKED_ONE_DIGIT). None without the verifier."""
    verifier = load_verifier()
    if verifier is None:
        return None

    def judge(piece: Piece, parts: tuple[Piece, Piece]) -> bool:
        crop, mask = _own_ink(ink, piece, 0.0)
        turned = [
            to_frame(
                np.ascontiguousarray(np.rot90(crop, turns)),
                np.ascontiguousarray(np.rot90(mask, turns)),
                WIDE_LAYOUT,
            )
            for turns in (1, 3)
        ]
        if verifier.one_digit(np.stack(turned)).max() >= STACKED_ONE_DIGIT:
            return False
        upper_is_one, lower_is_one = (read.digit == 1 for read in _classify(list(parts), ink, model))
        if upper_is_one and lower_is_one:
            return False
        return not ((upper_is_one or lower_is_one) and _one_stroke_across(*parts))

    return judge


def _one_stroke_across(upper: Piece, lower: Piece) -> bool:
    """Do the two parts meet in one stroke running on from one into the other: where
    they meet, each holds one run of ink, and neither run is more than SAME_STROKE times
    as wide as the other? A stroke cut across (a tall 7's stem, a 9's, a 6's) leaves a 1
    on one side and the rest of its stroke on the other; a 1 written against the next
    line's digit meets a bar or a curve ("1" over "762", "0" over "168")."""
    band = max(1, int(round(max(stroke_width(upper.mask), stroke_width(lower.mask)))))  # rows
    widths = []
    for rows in (upper.mask[-band:], lower.mask[:band]):
        columns = np.flatnonzero(rows.any(axis=0))
        if len(columns) == 0 or columns[-1] - columns[0] + 1 != len(columns):
            return False  # no ink there, or several runs: a stroke meeting a loop or a bar
        widths.append(len(columns))
    return max(widths) <= SAME_STROKE * min(widths)


def _whole_digit_sureness(read: _Read) -> float:
    """How surely a mark is a whole digit of its own line: 1.0 or more when the verifier
    is TWO_LINES_ONE_DIGIT sure and the classifier TWO_LINES_CONFIDENCE sure."""
    return min(read.one_digit / TWO_LINES_ONE_DIGIT, read.confidence / TWO_LINES_CONFIDENCE)


def _doubt(read: _Read, scorer: _Scorer) -> str | None:
    """Why a chosen digit deserves a second look, as advice to the writer; None if it does not."""
    unsure = read.one_digit < VERIFIER_UNSURE or read.confidence < LOW_CONFIDENCE
    if read.cut and unsure:
        return TOUCHING
    if read.one_digit < VERIFIER_UNSURE:
        piece = read.piece
        if piece.height < STRAY_HEIGHT * scorer.reference:
            return SMALL
        if (
            read.confidence >= LOW_CONFIDENCE
            and piece.width <= BOLD_ASPECT * piece.height
            and stroke_width(piece.mask) >= BOLD_STROKE * piece.height
        ):
            return BOLD
        joined = scorer.full_height(piece) and scorer.aspect(piece) >= JOINED_ASPECT
        return JOINED if joined else PART_OF_DIGIT
    if read.confidence < LOW_CONFIDENCE:
        return UNCLEAR
    if read.more_digits:
        return JOINED
    return None


def _nothing_read(model_name: str, image_size: tuple[int, int], ignored: tuple[IgnoredMark, ...]) -> Reading:
    """A reading of no digits, the marks left out with it; its message says why where
    the marks were too faint to be ink, since then a darker pen is what helps."""
    faint = any(mark.reason == FAINT for mark in ignored)
    message = NO_DIGITS_FAINT if faint else NO_DIGITS
    return Reading(
        digits=(), lines=(), model=model_name, image_size=image_size, message=message, ignored=ignored
    )


def _whole_at_edge(
    pieces: list[Piece], ink: InkMap, model: DigitClassifier
) -> tuple[list[Piece], list[IgnoredPiece]]:
    """A photo's marks at the image's edge that the verifier does not take for a whole
    digit (the corner of a shadow, a digit of the next line cut off) are set aside, but
    for the digits of certain ink clear of the edge inside them: a 1 that a crease from
    the edge touches was one mark with it, and not whole. One extra model call, and only
    when such marks exist and others are inside."""
    at_edge = [piece for piece in pieces if at_image_edge(piece, ink.ink.shape)]
    if not at_edge or len(at_edge) == len(pieces) or load_verifier() is None:
        return pieces, []
    verified = _classify(at_edge, ink.ink, model, worth_reading=_none_worth_reading)
    cut_off = [read.piece for read in verified if read.one_digit < WHOLE_AT_EDGE]
    if not cut_off:
        return pieces, []
    inside = [piece for piece in pieces if not at_image_edge(piece, ink.ink.shape)]
    reference = reference_height([piece.height for piece in inside], [piece.area for piece in inside])
    kept = [piece for piece in pieces if not any(piece is mark for mark in cut_off)]
    return (
        kept + certain_digits_inside(cut_off, ink, ink.ink.shape, reference),
        [IgnoredPiece(piece, CUT_BY_EDGE) for piece in cut_off],
    )


def _none_worth_reading(one_digit: np.ndarray) -> np.ndarray:
    """`_classify`'s `worth_reading` where only the verifier's word counts."""
    return np.zeros(len(one_digit), bool)


def _to_input_pixels(piece: Piece, placement: _Placement) -> DigitBox:
    x = int(placement.x + piece.x / placement.scale)
    y = int(placement.y + piece.y / placement.scale)
    right = min(placement.image_size[0], int(np.ceil(placement.x + piece.right / placement.scale)))
    bottom = min(placement.image_size[1], int(np.ceil(placement.y + piece.bottom / placement.scale)))
    return DigitBox(x, y, right - x, bottom - y)
