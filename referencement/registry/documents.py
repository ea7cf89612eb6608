from __future__ import annotations

import segno

from referencement.catalog.calendar import format_instant
from referencement.core.pdf import render_html, render_pdf

TEMPLATE = "registry/pdf/attestation.html"


def attestation_pdf(attestation, verification_url: str) -> bytes:
    return render_pdf(TEMPLATE, _context(attestation, verification_url))


def attestation_html(attestation, verification_url: str) -> str:
    return render_html(TEMPLATE, _context(attestation, verification_url))


def _context(attestation, verification_url: str) -> dict:
    # The QR code carries the public verification page, on the address the server serves.
    qr = segno.make(verification_url, error="m")
    return {
        "attestation": attestation,
        "issued_at": format_instant(attestation.issued_at, with_time=False),
        "verification_url": verification_url,
        "qr_data_uri": qr.svg_data_uri(scale=4),
    }
