"""The public registry: referenced solutions (now or on a past date) and current candidates."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from referencement.candidatures.models import Candidature
from referencement.catalog.calendar import add_calendar_days, paris_datetime

from .choices import AttestationStatus
from .models import Attestation
from .rules import IN_REFERENCING


def referenced(
    at: date | None = None, *, dispositif: str = "", q: str = ""
) -> QuerySet[Attestation]:
    """Valid attestations; with `at`, those valid on that day (Paris), whatever came later:
    issued before the day ended, not ended before it started."""
    attestations = Attestation.objects.select_related("dispositif")
    if at is None:
        attestations = attestations.filter(status=AttestationStatus.VALID)
    else:
        start, end = paris_datetime(at), paris_datetime(add_calendar_days(at, 1))
        attestations = attestations.filter(issued_at__lt=end).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=start)
        )
    if dispositif:
        attestations = attestations.filter(dispositif__code=dispositif)
    if q:
        attestations = attestations.filter(
            Q(editor_name__icontains=q) | Q(solution_name__icontains=q) | Q(number__icontains=q)
        )
    return attestations.order_by("dispositif__code", "editor_name", "number")


def candidates(*, dispositif: str = "", q: str = "") -> QuerySet[Candidature]:
    """Candidates in progress, only of the dispositifs whose text publishes them (001 §4.1,
    003 §4.2.4); 000 §4.3, 002 §4.3, 004 §4.7 keep them confidential."""
    found = Candidature.objects.filter(
        status__in=IN_REFERENCING, dispositif__candidates_public=True
    ).select_related("dispositif", "editor")
    if dispositif:
        found = found.filter(dispositif__code=dispositif)
    if q:
        found = found.filter(Q(editor__name__icontains=q) | Q(solution_name__icontains=q))
    return found.order_by("dispositif__code", "editor__name", "solution_name")


def attestation_as_dict(attestation: Attestation, *, with_history: bool = False) -> dict:
    data = {
        "number": attestation.number,
        "dispositif": attestation.dispositif.code,
        "editor": attestation.editor_name,
        "solution": attestation.solution_name,
        "commercial_names": attestation.commercial_names,
        "technical_version": attestation.technical_version,
        "profiles": attestation.profiles,
        "issued_at": attestation.issued_at.isoformat(),
        "status": attestation.status,
        "status_label": attestation.get_status_display(),
        "ended_at": attestation.ended_at.isoformat() if attestation.ended_at else None,
    }
    if with_history:
        data["end_reason"] = attestation.end_reason
        data["history"] = [
            {
                "kind": e.kind,
                "label": e.get_kind_display(),
                "at": e.at.isoformat(),
                "detail": e.detail,
            }
            for e in attestation.events.all()
        ]
    return data


def candidate_as_dict(candidature: Candidature) -> dict:
    return {
        "dispositif": candidature.dispositif.code,
        "editor": candidature.editor.name,
        "solution": candidature.solution_name,
    }


CSV_HEADER = [
    "type",
    "dispositif",
    "editeur",
    "solution",
    "numero",
    "version_technique",
    "profils",
    "delivree_le",
    "statut",
    "fin_le",
]


def csv_rows(attestations, candidatures) -> list[list[str]]:
    rows = [
        [
            "référencé",
            a.dispositif.code,
            a.editor_name,
            a.solution_name,
            a.number,
            a.technical_version,
            " | ".join(a.profiles),
            a.issued_at.date().isoformat(),
            a.get_status_display(),
            a.ended_at.date().isoformat() if a.ended_at else "",
        ]
        for a in attestations
    ]
    rows += [
        ["candidat", c.dispositif.code, c.editor.name, c.solution_name, "", "", "", "", "", ""]
        for c in candidatures
    ]
    return rows
