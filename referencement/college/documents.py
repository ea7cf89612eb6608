"""The PDF documents of the collège: the convention (from the dispositif's template, filled
with the candidature's data) and the minutes of a session."""

from __future__ import annotations

from referencement.catalog.calendar import format_instant, now
from referencement.core.pdf import render_html, render_pdf

from .seating import recused_members


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
        "countersigned_at": (
            format_instant(convention.countersigned_at)
            if convention and convention.countersigned_at
            else ""
        ),
        "generated_at": format_instant(now()),
    }
    return [f"college/pdf/convention_{code}.html", "college/pdf/convention.html"], context


def minutes_pdf(session) -> bytes:
    """Issue 16 item 7: attendance, recusals and both signatures of each decision."""
    decisions = session.decisions.select_related(
        "candidature__editor", "candidature__dispositif", "decided_by", "confirmed_by"
    ).order_by("candidature__dispositif__code", "pk")
    decided = {decision.candidature_id for decision in decisions}
    context = {
        "session": session,
        "sits_at": format_instant(session.sits_at),
        "attendance": session.attendance.select_related("member"),
        "decisions": [
            (decision, recused_members(session, decision.candidature.editor))
            for decision in decisions
        ],
        "carried_over": [
            (item.candidature, recused_members(session, item.candidature.editor))
            for item in session.agenda.select_related("candidature__editor")
            if item.candidature_id not in decided
        ],
        "generated_at": format_instant(now()),
    }
    return render_pdf("college/pdf/minutes.html", context)
