"""Test pictures made on the fly: a phone photo with GPS in its EXIF, a drawn face, noise.

No photograph of a real person ships with the project; the drawn face (a light
oval with dark eyes, brows and mouth, softened) is what OpenCV's frontal face
cascade finds in a real face, and the cascade does find it.
"""

from io import BytesIO

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageDraw, ImageFilter

LATITUDE = (56.0, 57.0, 3.5)
LONGITUDE = (24.0, 6.0, 1.25)


def jpeg_bytes(image: Image.Image, **save_options) -> bytes:
    out = BytesIO()
    image.save(out, "JPEG", quality=95, **save_options)
    return out.getvalue()


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    """EXIF as a phone writes it: make, model, a GPS position (Riga) and maybe an orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = LONGITUDE
    return exif


def phone_photo(size=(320, 240), orientation: int | None = None) -> bytes:
    """A JPEG carrying EXIF with GPS; the left half red, the right half blue."""
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((40, 40, 200), (size[0] // 2, 0, size[0], size[1]))
    return jpeg_bytes(image, exif=exif_with_gps(orientation))


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def drawn_face(side: int = 200) -> Image.Image:
    """A grey drawn face on darker hair, about ``side`` pixels square."""
    s = side / 400
    image = Image.new("L", (side, side), 90)
    draw = ImageDraw.Draw(image)

    def oval(box, fill):
        draw.ellipse([v * s for v in box], fill=fill)

    oval((90, 40, 310, 360), 40)  # hair
    oval((110, 80, 290, 350), 190)  # skin
    oval((135, 150, 190, 165), 60)  # brows
    oval((210, 150, 265, 165), 60)
    oval((145, 175, 185, 200), 50)  # eyes
    oval((215, 175, 255, 200), 50)
    draw.polygon([(200 * s, 195 * s), (185 * s, 260 * s), (215 * s, 260 * s)], fill=205)
    oval((182, 255, 218, 272), 140)  # nostrils
    oval((165, 290, 235, 310), 90)  # mouth
    return image.filter(ImageFilter.GaussianBlur(6 * s)).convert("RGB")


def notice_board_with_face(face_at=(400, 100), face_side=240) -> Image.Image:
    """A 800×600 light notice board with a drawn face pasted at ``face_at``."""
    board = Image.new("RGB", (800, 600), (225, 220, 205))
    ImageDraw.Draw(board).rectangle((40, 60, 300, 420), fill=(250, 250, 250), outline=(30, 30, 30))
    board.paste(drawn_face(face_side), face_at)
    return board


def noise(size=(400, 300), seed: int = 7) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8), "RGB")
