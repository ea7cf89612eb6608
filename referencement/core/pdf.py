"""PDF documents of the platform (convention, minutes, attestation), from HTML templates
rendered with weasyprint, and their SHA-256."""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import select_template


def render_html(template_names: str | list[str], context: dict) -> str:
    """The document's HTML; every document names the operator as configured."""
    names = [template_names] if isinstance(template_names, str) else template_names
    return select_template(names).render({"agency_name": settings.AGENCY_NAME, **context})


# The same document renders to the same bytes (its SHA-256 is audited, issue 17 item 6).
# Without the system's HarfBuzz-Subset, WeasyPrint subsets fonts with fontTools, which
# stamps each subset with the current time unless the reproducible-builds variable fixes it.
REPRODUCIBLE_FONT_EPOCH = "0"


def render_pdf(template_names: str | list[str], context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only where a PDF is made

    os.environ.setdefault("SOURCE_DATE_EPOCH", REPRODUCIBLE_FONT_EPOCH)
    return HTML(string=render_html(template_names, context)).write_pdf()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def as_file(content: bytes, name: str) -> ContentFile:
    return ContentFile(content, name=name)
