from __future__ import annotations

import segno

from referencement.catalog.calendar import format_instant
from referencement.college.pdf import render_pdf


def attestation_pdf(attestation, verification_url: str) -> bytes:
    qr = segno.make(verification_url, error="m")
    context = {
        "attestation": attestation,
        "issued_at": format_instant(attestation.issued_at, with_time=False),
        "verification_url": verification_url,
        "qr_data_uri": qr.svg_data_uri(scale=4),
    }
    return render_pdf("registry/pdf/attestation.html", context)
