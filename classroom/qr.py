"""QR codes as inline SVG (no inline styles, so the Content Security Policy holds)."""

from functools import lru_cache

import segno
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=256)
def qr_svg(data: str) -> SafeString:
    code = segno.make(data, error="m")
    svg = code.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True)
    return mark_safe(svg)  # noqa: S308 - segno writes the SVG from the encoded bits alone
