"""A dispositif's charter as the document itself (issue 12 item 8): the Markdown text of
its catalogue file, rendered to HTML for the page and to PDF for download, and the SHA-256
of that exact text, which an acceptance records (001 §4.3)."""

from __future__ import annotations

import hashlib

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from referencement.college.pdf import render_pdf

from .models import Dispositif

# Raw HTML in the text is shown as text, never interpreted: the page's markup is ours alone.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def charter_sha256(dispositif: Dispositif) -> str:
    return hashlib.sha256(dispositif.charter_text.encode()).hexdigest()


def charter_html(dispositif: Dispositif) -> SafeString:
    return mark_safe(_MARKDOWN.render(dispositif.charter_text))


def charter_pdf(dispositif: Dispositif) -> bytes:
    context = {
        "dispositif": dispositif,
        "document": charter_html(dispositif),
        "sha256": charter_sha256(dispositif),
    }
    return render_pdf("catalog/pdf/charter.html", context)
