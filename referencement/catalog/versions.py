"""Catalogue versions: the content snapshot of a dispositif's catalogue and the diff of two.

A snapshot is plain JSON (profiles by code; active requirements by ID with their
statement, nature, scenarios and proofs), so a version stays readable whatever later
imports do to the rows it describes.
"""

from __future__ import annotations

from django.db.models import Max, Prefetch

from .choices import CatalogStatus, VersionOrigin
from .models import (
    CatalogueVersion,
    Dispositif,
    EvidenceSpec,
    Profile,
    RemImport,
    Requirement,
    Scenario,
)
from .sync import SyncReport

ACTIVE = CatalogStatus.ACTIVE
REQUIREMENT_FIELDS = {
    "chapter": "chapitre",
    "function": "fonction",
    "text": "énoncé",
    "comment": "commentaire",
    "kind": "nature",
    "perimeter": "périmètre",
    "conditional": "exigence conditionnelle",
    "criticality": "criticité",
    "profiles": "profils",
    "field_test": "vérifiée en session de tests",
    "scenarios": "scénarios et preuves",
}
# Fields a snapshot frozen before they existed lacks, read with the value they then had
# (the field test flag came with issue 12 item 9: no requirement had it before).
ADDED_FIELDS = {"field_test": False}


def snapshot(dispositif: Dispositif) -> dict:
    """The active catalogue as JSON: what a version freezes."""
    requirements = (
        dispositif.requirements.filter(status=ACTIVE)
        .select_related("chapter")
        .prefetch_related(
            "profiles",
            Prefetch("scenarios", queryset=Scenario.objects.filter(status=ACTIVE)),
            Prefetch(
                "scenarios__evidence_specs", queryset=EvidenceSpec.objects.filter(status=ACTIVE)
            ),
        )
        .order_by("order", "code")
    )
    return {
        "profiles": {
            p.code: {"label": p.label, "mandatory": p.mandatory} for p in dispositif.profiles.all()
        },
        "requirements": {r.code: _requirement(r) for r in requirements},
    }


def _requirement(requirement: Requirement) -> dict:
    return {
        "chapter": requirement.chapter.title if requirement.chapter else "",
        "function": requirement.function,
        "text": requirement.text,
        "comment": requirement.comment,
        "kind": requirement.kind,
        "perimeter": requirement.perimeter,
        "conditional": requirement.conditional,
        "criticality": requirement.criticality,
        "profiles": sorted(p.code for p in requirement.profiles.all()),
        # 000 §3.3, 004 §4.4: reviewed in the field test session (the REM column).
        "field_test": requirement.field_test,
        "scenarios": [
            {
                "code": s.code,
                "text": s.text,
                "proofs": [{"code": e.code, "text": e.text} for e in s.evidence_specs.all()],
            }
            for s in requirement.scenarios.all()
        ],
    }


def _requirements(content: dict) -> dict:
    """A snapshot's requirements, with the fields it predates filled in."""
    return {
        code: {**ADDED_FIELDS, **fields} for code, fields in content.get("requirements", {}).items()
    }


def same_content(old: dict, new: dict) -> bool:
    """Whether two snapshots describe the same catalogue (an older snapshot lacks the fields
    added since: it is not a change of content)."""
    return old.get("profiles") == new.get("profiles") and _requirements(old) == _requirements(new)


def diff(old: dict, new: dict) -> dict:
    """Added, changed (field by field: [before, after]) and retired requirements and
    profiles between two snapshots."""
    before, after = _requirements(old), _requirements(new)
    changed = []
    for code in after:
        if code in before and before[code] != after[code]:
            fields = {
                name: [before[code].get(name), after[code].get(name)]
                for name in REQUIREMENT_FIELDS
                if before[code].get(name) != after[code].get(name)
            }
            changed.append({"code": code, "fields": fields})
    old_profiles, new_profiles = old.get("profiles", {}), new.get("profiles", {})
    return {
        "added": [code for code in after if code not in before],
        "changed": changed,
        "retired": [code for code in before if code not in after],
        "profiles_added": [
            {"code": c, **new_profiles[c]} for c in new_profiles if c not in old_profiles
        ],
    }


def latest(dispositif: Dispositif, *, content: bool = True) -> CatalogueVersion | None:
    """The newest version; without `content` its snapshot is not loaded (pages)."""
    versions = dispositif.catalogue_versions.order_by("-number")
    return (versions if content else versions.defer("snapshot")).first()


def record_version(
    dispositif: Dispositif,
    report: SyncReport,
    *,
    origin: str,
    source_name: str,
    sha256: str,
    actor=None,
    rem_import: RemImport | None = None,
) -> CatalogueVersion | None:
    """Freeze the catalogue as a new version when its content differs from the last one,
    and stamp what this run created with it (their provenance). Call inside the
    transaction that applied the changes."""
    content = snapshot(dispositif)
    previous = latest(dispositif)
    if previous is not None and same_content(previous.snapshot, content):
        return None
    number = (dispositif.catalogue_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CatalogueVersion.objects.create(
        dispositif=dispositif,
        number=number,
        origin=origin,
        source_name=source_name,
        sha256=sha256,
        rem_import=rem_import,
        created_by=actor if getattr(actor, "pk", None) else None,
        summary=report.as_dict(),
        snapshot=content,
    )
    for model, key in ((Requirement, "requirement"), (Profile, "profile")):
        model.objects.filter(pk__in=report.created[key]).update(origin=version)
    EvidenceSpec.objects.filter(pk__in=report.created["evidence"]).update(origin=version)
    if origin == VersionOrigin.FILE:
        # Rows loaded before versions existed have no origin: the file is where they came from.
        dispositif.requirements.filter(origin=None).update(origin=version)
        dispositif.profiles.filter(origin=None).update(origin=version)
    return version
