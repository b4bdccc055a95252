from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from core.reading.image_input import MAX_PIXELS, ImageInputError, load_rgba


def encoded(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def grey_square() -> Image.Image:
    array = np.full((20, 30), 255, np.uint8)
    array[5:15, 10:20] = 0
    return Image.fromarray(array)


@pytest.mark.parametrize("format", ["PNG", "JPEG", "WEBP", "BMP", "TIFF", "GIF"])
def test_every_common_file_type_loads_as_rgba(format):
    rgba = load_rgba(encoded(grey_square().convert("RGB"), format))
    assert rgba.shape == (20, 30, 4) and rgba.dtype == np.uint8
    assert rgba[10, 15, :3].max() < 60 and rgba[0, 0, :3].min() > 200
    assert (rgba[..., 3] == 255).all()


@pytest.mark.parametrize("mode", ["L", "LA", "P", "RGB", "RGBA", "I;16"])
def test_every_common_mode_loads(mode, tmp_path):
    image = grey_square()
    if mode == "I;16":
        image = Image.fromarray(np.asarray(image).astype(np.uint16) * 257)
        assert image.mode == "I;16"
    else:
        image = image.convert(mode)
    path = tmp_path / "digit.png"
    image.save(path)
    rgba = load_rgba(path)
    assert rgba.shape == (20, 30, 4)
    assert rgba[10, 15, :3].max() < 60 and rgba[0, 0, :3].min() > 200


@pytest.mark.parametrize("mode", ["La", "RGBa", "PA", "CMYK", "YCbCr", "HSV", "LAB", "I", "F", "1"])
def test_every_pillow_mode_handed_over_as_an_image_loads(mode):
    """PIL images come in modes files seldom hold (premultiplied alpha, colour spaces);
    each loads with its dark square dark and its paper light, not an exception."""
    image = grey_square().convert("RGBA")
    image = image.convert("LA").convert("La") if mode == "La" else image.convert(mode)
    rgba = load_rgba(image)
    assert rgba.shape == (20, 30, 4)
    if mode not in ("HSV", "LAB"):  # their channels are no brightness to compare
        assert rgba[10, 15, :3].max() < 60 and rgba[0, 0, :3].min() > 200


def test_transparency_of_a_palette_image_survives():
    image = Image.new("P", (10, 10), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.info["transparency"] = 0
    image.putpixel((5, 5), 1)
    rgba = load_rgba(encoded(image, "PNG", transparency=0))
    assert rgba[0, 0, 3] == 0 and rgba[5, 5, 3] == 255


def test_exif_rotation_is_applied():
    tall = Image.new("RGB", (10, 40), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": a phone held upright
    rgba = load_rgba(encoded(tall, "JPEG", exif=exif))
    assert rgba.shape[:2] == (10, 40)


def test_arrays_of_every_layout_and_depth():
    assert load_rgba(np.zeros((5, 6), np.uint8)).shape == (5, 6, 4)
    assert load_rgba(np.zeros((5, 6, 1), np.uint8)).shape == (5, 6, 4)
    assert load_rgba(np.zeros((5, 6, 3), np.uint8)).shape == (5, 6, 4)
    four = np.zeros((5, 6, 4), np.uint8)
    assert load_rgba(four) is not None and load_rgba(four)[..., 3].max() == 0
    sixteen_bit = np.full((4, 4), 65535, np.uint16)
    assert load_rgba(sixteen_bit)[0, 0, 0] == 255
    assert load_rgba(np.full((4, 4), 1.0))[0, 0, 0] == 255
    assert load_rgba(np.zeros((4, 4), bool))[0, 0, 0] == 0
    grey_and_alpha = load_rgba(np.dstack([np.full((4, 4), 30), np.full((4, 4), 200)]).astype(np.uint8))
    assert grey_and_alpha.shape == (4, 4, 4) and grey_and_alpha[0, 0].tolist() == [30, 30, 30, 200]


@pytest.mark.parametrize("dtype", [np.int16, np.int32, np.int64, np.uint16, np.uint32])
def test_eight_bit_values_in_a_wider_integer_type_keep_their_levels(dtype):
    """`np.asarray(image, int)` holds 0..255 in 64 bits: they are 8-bit levels, not a faint
    corner of a 16-bit range (stretched over that range, a drawing read as nothing)."""
    grey = np.array([[0, 100, 255]], dtype)
    assert load_rgba(grey)[0, :, 0].tolist() == [0, 100, 255]


@pytest.mark.parametrize(
    "source, message",
    [
        (b"", "empty"),
        (b"this is a text file renamed .png", "not an image"),
        (np.zeros((5, 6, 5), np.uint8), "shape"),
        (np.zeros((0, 6), np.uint8), "nothing to read"),
        (np.full((3, 3), np.nan), "NaN"),
        (np.array([["a"]]), "numbers"),
        (12, "Cannot read an image from int"),
        ("/no/such/file.png", "No image file"),
    ],
)
def test_bad_input_gets_a_clear_error(source, message):
    with pytest.raises(ImageInputError, match=message):
        load_rgba(source)


def test_truncated_file_is_reported_as_damaged():
    data = encoded(Image.new("RGB", (200, 200), "white"), "PNG")
    with pytest.raises(ImageInputError, match="damaged or incomplete"):
        load_rgba(data[: len(data) // 2])


def test_a_decompression_bomb_is_refused_before_decoding():
    # A 1x1 PNG whose header is rewritten to declare a huge size: a few dozen bytes.
    def declaring(width: int, height: int) -> bytes:
        png = encoded(Image.new("L", (1, 1)), "PNG")
        header = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
        return png[:12] + header + struct.pack(">I", zlib.crc32(header)) + png[33:]

    with pytest.raises(ImageInputError, match="enormous size; it is refused"):
        load_rgba(declaring(60_000, 60_000))  # past Pillow's own bomb limit
    with pytest.raises(ImageInputError, match="more than Digit Lab reads"):
        load_rgba(declaring(10_000, 9_000))  # under Pillow's limit, over ours


def test_very_wide_and_tiny_arrays():
    with pytest.raises(ImageInputError, match="Crop or shrink"):
        load_rgba(np.zeros((1, 60_000), np.uint8))
    assert load_rgba(np.zeros((1, 1), np.uint8)).shape == (1, 1, 4)
    assert load_rgba(np.zeros((2, 50_000), np.uint8)).shape == (2, 50_000, 4)
    assert MAX_PIXELS >= 12_000_000  # a 12-megapixel phone photo is accepted


def test_upload_refusals_say_what_to_do():
    from core.reading import upload_refusal

    assert upload_refusal("photo.JPG", 3_000_000, 10) is None
    assert "export it as PNG" in upload_refusal("drawing.svg", 1_000, 10)
    assert "screenshot" in upload_refusal("scan.pdf", 1_000, 10)
    assert "not an image" in upload_refusal("notes.txt", 1_000, 10)
    assert "12.0 MB, more than the 10 MB" in upload_refusal("big.png", 12 * 1024 * 1024, 10)


@pytest.mark.parametrize("mode", ["RGB", "L", "P", "I;16", "RGBA"])
def test_large_files_of_every_mode_are_reduced_once_never_below_the_asked_side(mode):
    from core.reading import load_reduced

    wide = Image.new("RGB", (5000, 1500), "white")
    wide.paste((0, 0, 0), (1000, 500, 1400, 1000))  # a black block to find again
    image = (
        wide.convert(mode)
        if mode != "I;16"
        else Image.fromarray(np.asarray(wide.convert("L"), np.uint16) * 257)
    )
    rgba, full_size = load_reduced(encoded(image, "PNG"), max_side=1200)
    assert full_size == (5000, 1500)
    assert rgba.shape == (375, 1250, 4)  # 5000 // 1200 = 4 times smaller, not below 1200
    assert rgba[int(750 / 4), int(1200 / 4), 0] < 50 and rgba[10, 10, 0] > 200


def test_a_reduced_file_keeps_its_exif_orientation():
    from core.reading import load_reduced

    tall = Image.new("RGB", (4000, 1000), "white")
    exif = Image.Exif()
    exif[0x0112] = 6
    rgba, full_size = load_reduced(encoded(tall, "PNG", exif=exif), max_side=1200)
    assert full_size == (1000, 4000)
    assert rgba.shape[:2] == (1334, 334)  # reduced 3 times (rounding up), then stood upright
