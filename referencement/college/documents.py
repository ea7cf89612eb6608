"""The PDF documents of the collège: the convention (from the dispositif's template, filled
with the candidature's data) and the minutes of a session."""

from __future__ import annotations

from referencement.catalog.calendar import format_instant, now

from .pdf import render_html, render_pdf


def convention_pdf(candidature, *, convention=None) -> bytes:
    """The draft, or with `convention` signed, the signed copy with its signature block."""
    return render_pdf(*_convention(candidature, convention))


def convention_html(candidature, *, convention=None) -> str:
    return render_html(*_convention(candidature, convention))


def _convention(candidature, convention) -> tuple[list[str], dict]:
    code = candidature.dispositif.code
    context = {
        "candidature": candidature,
        "dispositif": candidature.dispositif,
        "editor": candidature.editor,
        "commercial_names": list(candidature.commercial_names.all()),
        "profiles": list(candidature.profiles.all()),
        "convention": convention,
        "signed_at": format_instant(convention.signed_at) if convention else "",
        "generated_at": format_instant(now()),
    }
    return [f"college/pdf/convention_{code}.html", "college/pdf/convention.html"], context


def minutes_pdf(session) -> bytes:
    decisions = session.decisions.select_related(
        "candidature__editor", "candidature__dispositif", "decided_by"
    ).order_by("candidature__dispositif__code", "pk")
    context = {
        "session": session,
        "sits_at": format_instant(session.sits_at),
        "decisions": decisions,
        "generated_at": format_instant(now()),
    }
    return render_pdf("college/pdf/minutes.html", context)
