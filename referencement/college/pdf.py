"""PDF documents of the platform (convention, minutes, attestation), from HTML templates
rendered with weasyprint, and their SHA-256."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import select_template


def render_html(template_names: str | list[str], context: dict) -> str:
    """The document's HTML; every document names the operator as configured."""
    names = [template_names] if isinstance(template_names, str) else template_names
    return select_template(names).render({"agency_name": settings.AGENCY_NAME, **context})


def render_pdf(template_names: str | list[str], context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only where a PDF is made

    return HTML(string=render_html(template_names, context)).write_pdf()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def as_file(content: bytes, name: str) -> ContentFile:
    return ContentFile(content, name=name)
