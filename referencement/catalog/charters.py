"""A dispositif's charter as the document itself (issue 12 item 8): the Markdown text of
its catalogue file, rendered to HTML for the page and to PDF for download, and the SHA-256
of that exact text, which an acceptance records (001 §4.3)."""

from __future__ import annotations

import hashlib

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from referencement.core.pdf import render_pdf

from .models import Dispositif


def _below_the_page_title(state) -> None:
    """The document's headings sit one level under the page's own h1 (one h1 a page)."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def _dsfr_table_open(self, tokens, idx, options, env) -> str:
    """A table inside DSFR's `fr-table` wrapper, as the component documents it (its classes
    style it: no inline style, which the CSP forbids)."""
    return '<div class="fr-table"><table>\n'


def _dsfr_table_close(self, tokens, idx, options, env) -> str:
    return "</table></div>\n"


# Raw HTML in the text is shown as text, never interpreted: the page's markup is ours alone.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
_MARKDOWN.core.ruler.push("below_the_page_title", _below_the_page_title)
_MARKDOWN.add_render_rule("table_open", _dsfr_table_open)
_MARKDOWN.add_render_rule("table_close", _dsfr_table_close)


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
