"""Images kept as decoded pixels only (evidence photos, lesson images).

What a browser sends as "an image" may carry more than a picture: bytes after the image's end
(a valid JPEG followed by HTML is still a "valid JPEG"), EXIF with a position and a phone,
comments, text chunks. Only the decoded pixels survive `reencode`: orientation is applied to
them first, the longest side is bounded, and the encoder writes no metadata.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class UnreadableImage(ValueError):
    """Not an image Pillow can decode (or a decompression bomb)."""


class TooManyPixels(ValueError):
    def __init__(self, width: int, height: int) -> None:
        super().__init__(f"{width} × {height}")
        self.width, self.height = width, height


def _pixels_only(image: Image.Image, fmt: str) -> Image.Image:
    """A fresh image holding the pixels alone: nothing of the source's info dict (EXIF, XMP,
    ICC, PNG text chunks, comments) is carried over, whatever the encoder would copy."""
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif fmt != "JPEG" and image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def reencode(content: bytes, content_type: str, *, max_side: int, max_pixels: int) -> bytes:
    """`content` decoded and encoded again in its own format (FORMATS), pixels only."""
    fmt = FORMATS[content_type]
    try:
        source = Image.open(io.BytesIO(content))
        if source.width * source.height > max_pixels:
            raise TooManyPixels(source.width, source.height)
        source.load()
        image = ImageOps.exif_transpose(source) or source
        image.thumbnail((max_side, max_side))
        clean = _pixels_only(image, fmt)
        out = io.BytesIO()
        if fmt == "PNG":
            clean.save(out, format=fmt)
        else:
            clean.save(out, format=fmt, quality=90)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, TooManyPixels):
            raise
        raise UnreadableImage(str(exc)) from exc
    return out.getvalue()
