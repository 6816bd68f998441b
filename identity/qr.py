"""QR codes drawn on the server as SVG, so a secret key never leaves for a third party."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_svg_data_uri(text: str) -> str:
    """A data: URI of an SVG QR code (images may be data: URIs under the CSP)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=10,
        border=4,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
