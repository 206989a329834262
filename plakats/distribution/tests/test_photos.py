"""Evidence photos: refused if too large or not an image; stored without metadata, faces blurred."""

from io import BytesIO

import cv2
import numpy as np
import pytest
from PIL import ExifTags, Image

from plakats.distribution.photos import (
    MAX_SIDE,
    PhotoRefused,
    blur_regions,
    detect_faces,
    process_photo,
)

from .images import jpeg_bytes, noise, notice_board_with_face, phone_photo, upload


def _open(content) -> Image.Image:
    content.seek(0)
    image = Image.open(BytesIO(content.read()))
    image.load()
    return image


def _gray(image: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2GRAY)


def _no_faces(gray):
    return []


def test_it_refuses_a_file_over_the_size_limit_before_reading_it(settings):
    settings.PLAKATS_PHOTO_MAX_BYTES = 1000
    data = phone_photo()
    assert len(data) > 1000

    with pytest.raises(PhotoRefused) as refused:
        process_photo(upload(data))

    assert str(refused.value).startswith("The photo is too large (")
    assert str(refused.value).endswith("The limit is 1000\xa0bytes.")
    assert refused.value.field == "photo"


def test_it_refuses_text_named_like_a_jpeg():
    with pytest.raises(PhotoRefused) as refused:
        process_photo(upload(b"Dear NGO, here is our poster! " * 20, name="poster.jpg"))

    assert "not a photo we can read" in str(refused.value)


def test_it_refuses_a_truncated_jpeg():
    data = phone_photo()

    with pytest.raises(PhotoRefused) as refused:
        process_photo(upload(data[: len(data) // 2]))

    assert "not a photo we can read" in str(refused.value)


def test_it_refuses_an_image_format_it_does_not_take():
    out = BytesIO()
    Image.new("RGB", (20, 20)).save(out, "BMP")

    with pytest.raises(PhotoRefused):
        process_photo(upload(out.getvalue(), name="photo.jpg"))


def test_it_refuses_a_decompression_bomb(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 5_000)
    data = jpeg_bytes(Image.new("RGB", (100, 80)))  # 8 000 pixels: over the guard

    with pytest.raises(PhotoRefused) as refused:
        process_photo(upload(data), detect=_no_faces)

    assert "too many pixels" in str(refused.value)


def test_it_drops_every_piece_of_metadata():
    original = Image.open(BytesIO(phone_photo()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does carry GPS

    content, _faces = process_photo(upload(phone_photo()), detect=_no_faces)

    stored = _open(content)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    content.seek(0)
    assert b"PhoneMaker" not in content.read()


def test_it_turns_the_photo_as_the_phone_held_it():
    # Orientation 6: the camera was held turned; the picture must come out upright.
    content, _faces = process_photo(
        upload(phone_photo(size=(320, 240), orientation=6)), detect=_no_faces
    )

    stored = _open(content)
    assert stored.size == (240, 320)
    top, bottom = stored.getpixel((120, 20)), stored.getpixel((120, 300))
    assert top[0] > 150 > top[2]  # the red half is now on top
    assert bottom[2] > 150 > bottom[0]


def test_it_downscales_a_large_photo():
    data = jpeg_bytes(Image.new("RGB", (4000, 3000), (90, 120, 60)))

    content, _faces = process_photo(upload(data), detect=_no_faces)

    assert max(_open(content).size) == MAX_SIDE
    assert _open(content).size == (2000, 1500)


def test_it_flattens_a_transparent_png_onto_white():
    out = BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(out, "PNG")

    content, _faces = process_photo(upload(out.getvalue(), name="x.png"), detect=_no_faces)

    assert _open(content).getpixel((20, 15)) == (255, 255, 255)


def test_it_blurs_exactly_the_regions_the_detector_returns():
    picture = noise((400, 300))
    box = (100, 80, 120, 120)

    plain, faces_plain = process_photo(upload(jpeg_bytes(picture)), detect=_no_faces)
    blurred, faces = process_photo(upload(jpeg_bytes(picture)), detect=lambda gray: [box])

    assert (faces_plain, faces) == (0, 1)
    before, after = _gray(_open(plain)).astype(float), _gray(_open(blurred)).astype(float)
    x, y, w, h = box
    inside = (slice(y, y + h), slice(x, x + w))
    assert before[inside].std() > 30
    assert after[inside].std() < before[inside].std() / 5
    # Outside the box and its 20% margin (plus a JPEG block of slack) nothing moved.
    outside = after.copy()
    mask = np.ones_like(outside, dtype=bool)
    mask[y - 24 - 16 : y + h + 24 + 16, x - 24 - 16 : x + w + 24 + 16] = False
    assert np.abs(after[mask] - before[mask]).max() <= 2


def test_blur_regions_clips_a_box_at_the_edge():
    picture = noise((100, 80))

    result = blur_regions(picture.copy(), [(90, 70, 40, 40), (0, 0, 1, 1)])

    assert result.size == (100, 80)
    assert np.asarray(result)[75, 95].tolist() != np.asarray(picture)[75, 95].tolist()


def test_the_bundled_cascade_finds_the_drawn_face():
    boxes = detect_faces(_gray(notice_board_with_face(face_at=(400, 100), face_side=240)))

    assert len(boxes) >= 1
    x, y, w, h = boxes[0]
    assert x >= 400 and y >= 100 and x + w <= 640 and y + h <= 340


def test_the_cascade_finds_nothing_on_a_plain_board():
    assert detect_faces(_gray(Image.new("RGB", (800, 600), (225, 220, 205)))) == []


def test_it_blurs_a_face_found_by_the_real_cascade():
    board = notice_board_with_face(face_at=(400, 100), face_side=240)
    face_region = (slice(130, 310), slice(430, 610))

    content, faces = process_photo(upload(jpeg_bytes(board)))

    stored = _gray(_open(content)).astype(float)
    original = _gray(board).astype(float)
    assert faces >= 1
    assert detect_faces(_gray(_open(content))) == []  # no face is left to find
    # The dark left eye (around x 499, y 212) has melted into the skin around it.
    assert original[208:217, 492:507].mean() < 80
    assert stored[208:217, 492:507].mean() > original[208:217, 492:507].mean() + 40
    assert np.abs(stored[face_region] - original[face_region]).mean() > 10
    # The poster on the left is untouched.
    assert np.abs(stored[60:420, 40:300] - original[60:420, 40:300]).mean() < 2
