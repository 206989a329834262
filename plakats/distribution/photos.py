"""Evidence photos: checked, re-encoded, stripped of metadata and with faces blurred.

A photo of a school notice board may show children, and a phone's photo
carries the GPS position in its EXIF data. Nothing of an upload is stored as
sent: ``process_photo`` decodes it (refusing anything that is not an image or
too large), applies the orientation, downscales it, blurs every face the
detector finds and writes a fresh JPEG without any metadata.
"""

import threading
import uuid
import warnings
from collections.abc import Callable, Sequence
from contextlib import suppress
from io import BytesIO

import cv2
import numpy as np
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFilter, ImageOps

from plakats.core.errors import DomainError

# Formats recognised from the bytes (never from the name or the browser's type).
# MPO is how Pillow reads the JPEGs of many phones.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "AVIF"}
MAX_SIDE = 2000
JPEG_QUALITY = 85
# A face is replaced by this many blocks across, then smoothed: nobody is recognisable.
BLOCKS_ACROSS = 6
# Blur a margin around each detected box: detectors frame faces tightly.
MARGIN = 0.2

Box = tuple[int, int, int, int]
FaceDetector = Callable[[np.ndarray], Sequence[Box]]


class PhotoRefused(DomainError):
    """The upload cannot be stored as a photo; the message says why."""


_local = threading.local()


def _cascades() -> tuple[cv2.CascadeClassifier, cv2.CascadeClassifier]:
    """The face cascades bundled with OpenCV, loaded once per thread (they are not shared)."""
    if not hasattr(_local, "cascades"):
        frontal = cv2.CascadeClassifier(
            cv2.data.haarcascades + "haarcascade_frontalface_default.xml"
        )
        profile = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_profileface.xml")
        if frontal.empty() or profile.empty():
            raise RuntimeError("OpenCV's face cascades could not be loaded")
        _local.cascades = (frontal, profile)
    return _local.cascades


def detect_faces(gray: np.ndarray) -> list[Box]:
    """Return (x, y, w, h) of frontal and profile faces (both directions) in a grey image.

    Detectors miss some faces and find some that are not there; blurring a
    patch of poster by mistake costs nothing, so the detector errs that way.
    """
    frontal, profile = _cascades()
    gray = cv2.equalizeHist(gray)
    height, width = gray.shape
    min_side = max(20, min(height, width) // 40)
    options = {"scaleFactor": 1.1, "minNeighbors": 4, "minSize": (min_side, min_side)}
    boxes = [tuple(int(v) for v in box) for box in frontal.detectMultiScale(gray, **options)]
    boxes += [tuple(int(v) for v in box) for box in profile.detectMultiScale(gray, **options)]
    mirrored = cv2.flip(gray, 1)
    for x, y, w, h in profile.detectMultiScale(mirrored, **options):
        boxes.append((int(width - x - w), int(y), int(w), int(h)))
    return boxes


def blur_regions(image: Image.Image, boxes: Sequence[Box]) -> Image.Image:
    """Pixelate and smooth each box (plus a margin) of an RGB image, in place; return it."""
    for x, y, w, h in boxes:
        dx, dy = int(w * MARGIN), int(h * MARGIN)
        left, top = max(0, x - dx), max(0, y - dy)
        right, bottom = min(image.width, x + w + dx), min(image.height, y + h + dy)
        if right - left < 2 or bottom - top < 2:
            continue
        region = image.crop((left, top, right, bottom))
        block = max(2, (right - left) // BLOCKS_ACROSS)
        small = region.resize(
            (max(1, region.width // block), max(1, region.height // block)), Image.Resampling.BOX
        )
        region = small.resize(region.size, Image.Resampling.NEAREST)
        region = region.filter(ImageFilter.GaussianBlur(block / 2))
        image.paste(region, (left, top))
    return image


def _decode(data: bytes) -> Image.Image:
    """Open and fully decode an image, refusing non-images and decompression bombs."""
    not_an_image = PhotoRefused(
        _("This file is not a photo we can read. Please send a JPEG or PNG picture."),
        field="photo",
    )
    too_many_pixels = PhotoRefused(
        _("This picture has too many pixels. Please send a smaller photo."), field="photo"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if image.format in ("JPEG", "MPO"):
                # Decode a large JPEG at a reduced scale: far less memory, same result.
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except PhotoRefused:
        raise
    except Exception:
        # Pillow reports broken or hostile files with many exception types.
        raise not_an_image from None
    return image


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def process_photo(uploaded_file, *, detect: FaceDetector | None = None) -> tuple[ContentFile, int]:
    """Return a clean JPEG of an uploaded photo and how many faces were blurred.

    Raises ``PhotoRefused`` (a ``DomainError``) for a file that is too large,
    not an image, or a decompression bomb. ``detect`` replaces the face
    detector (tests); it gets a grey image as a NumPy array.
    """
    limit = settings.PLAKATS_PHOTO_MAX_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise PhotoRefused(
            _("The photo is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            field="photo",
        )
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise PhotoRefused(
            _("The photo is too large. The limit is %(limit)s.") % {"limit": filesizeformat(limit)},
            field="photo",
        )
    if not data:
        raise PhotoRefused(_("The photo is empty."), field="photo")

    image = _decode(data)
    with suppress(Exception):  # A broken orientation tag must not lose the photo.
        image = ImageOps.exif_transpose(image)
    image = _to_rgb(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)

    pixels = np.asarray(image)
    boxes = list((detect or detect_faces)(cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)))
    # A fresh image from the pixels alone: no EXIF, XMP, ICC or comment can survive.
    clean = Image.fromarray(np.array(pixels), "RGB")
    blur_regions(clean, boxes)

    out = BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg"), len(boxes)
