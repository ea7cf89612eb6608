"""Public JSON API of the dispositifs and their catalogues (no login)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from . import calendar
from .models import Dispositif
from .rules import applicable_requirements, validate_profile_selection
from .views_versions import version_diff

router = Router(tags=["Dispositifs"])


class PhaseOut(Schema):
    phase: str
    status: str
    reason: str
    deadline: datetime | None


class DispositifOut(Schema):
    code: str
    title: str
    corridor: str
    wave: int
    funded: bool
    phases: list[PhaseOut]


class MilestoneOut(Schema):
    number: int
    at: datetime
    label: str


class ProfileOut(Schema):
    code: str
    label: str
    mandatory: bool


class RuleOut(Schema):
    kind: str
    profiles: list[str]
    requirement_codes: list[str]
    source: str
    description: str


class ParametersOut(Schema):
    admin_response_delay: int
    admin_response_unit: str
    admin_late_rejects: bool
    queue_guarantee_delay: int
    queue_guarantee_unit: str
    abandonment_delay: int
    abandonment_unit: str
    queue_basis: str
    profile_change_policy: str
    college_outcomes: list[str]
    field_test_session: bool
    assumed_parameters: list[str]


class DispositifDetailOut(DispositifOut):
    source: str
    catalogue_note: str
    milestones: list[MilestoneOut]
    profiles: list[ProfileOut]
    rules: list[RuleOut]
    parameters: ParametersOut


class RequirementOut(Schema):
    code: str
    chapter: str | None
    function: str
    text: str
    kind: str
    perimeter: str
    profiles: list[str]


class ErrorOut(Schema):
    detail: str
    errors: list[str]


def _phases(dispositif: Dispositif, at: datetime) -> list[dict]:
    return [
        {
            "phase": s.phase.value,
            "status": s.status.value,
            "reason": s.reason,
            "deadline": s.deadline,
        }
        for s in calendar.phase_states(dispositif, at)
    ]


def _summary(dispositif: Dispositif, at: datetime) -> dict:
    return {
        "code": dispositif.code,
        "title": dispositif.title,
        "corridor": dispositif.corridor,
        "wave": dispositif.wave,
        "funded": dispositif.funded,
        "phases": _phases(dispositif, at),
    }


@router.get("", response=list[DispositifOut], auth=None)
def list_dispositifs(request: HttpRequest) -> list[dict]:
    at = calendar.now()
    return [_summary(d, at) for d in Dispositif.objects.prefetch_related("milestones")]


@router.get("/{code}", response=DispositifDetailOut, auth=None)
def get_dispositif(request: HttpRequest, code: str) -> dict:
    dispositif = get_object_or_404(
        Dispositif.objects.prefetch_related("milestones", "profiles", "rules__profiles"), code=code
    )
    return {
        **_summary(dispositif, calendar.now()),
        "source": dispositif.source,
        "catalogue_note": dispositif.catalogue_note,
        "milestones": list(dispositif.milestones.all()),
        "profiles": list(dispositif.profiles.all()),
        "rules": [
            {
                "kind": r.kind,
                "profiles": [p.code for p in r.profiles.all()],
                "requirement_codes": r.requirement_codes,
                "source": r.source,
                "description": r.description,
            }
            for r in dispositif.rules.all()
        ],
        "parameters": dispositif,
    }


@router.get(
    "/{code}/requirements",
    response={200: list[RequirementOut], 400: ErrorOut},
    auth=None,
)
def list_requirements(request: HttpRequest, code: str, profile: Query[list[str]] = None) -> Status:
    """The requirements applicable to a profile selection (codes: `?profile=A&profile=B`)."""
    dispositif = get_object_or_404(Dispositif, code=code)
    profiles = profile or []
    errors = validate_profile_selection(dispositif, profiles)
    if errors:
        return Status(400, {"detail": "Sélection de profils invalide.", "errors": errors})
    requirements = applicable_requirements(dispositif, profiles).prefetch_related("profiles")
    return Status(
        200,
        [
            {
                "code": r.code,
                "chapter": r.chapter.title if r.chapter else None,
                "function": r.function,
                "text": r.text,
                "kind": r.kind,
                "perimeter": r.perimeter,
                "profiles": [p.code for p in r.profiles.all()],
            }
            for r in requirements
        ],
    )


class VersionOut(Schema):
    number: int
    created_at: datetime
    origin: str
    source_name: str
    sha256: str
    summary: dict


class ChangedRequirementOut(Schema):
    code: str
    fields: dict[str, list]


class VersionDiffOut(Schema):
    from_version: int
    to_version: int
    added: list[str]
    changed: list[ChangedRequirementOut]
    retired: list[str]
    profiles_added: list[dict]


@router.get("/{code}/versions", response=list[VersionOut], auth=None)
def list_versions(request: HttpRequest, code: str) -> list:
    """The catalogue's history, newest first (issue 14 item 3)."""
    dispositif = get_object_or_404(Dispositif, code=code)
    return list(dispositif.catalogue_versions.defer("snapshot"))


@router.get("/{code}/versions/{first}/diff/{second}", response=VersionDiffOut, auth=None)
def diff_versions(request: HttpRequest, code: str, first: int, second: int) -> dict:
    """Requirements added, changed (field by field, [before, after]) and retired."""
    dispositif = get_object_or_404(Dispositif, code=code)
    result = version_diff(dispositif, first, second)
    old, new = result.pop("from"), result.pop("to")
    return {**result, "from_version": old.number, "to_version": new.number}
