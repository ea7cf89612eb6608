"""Bringing a dispositif's requirement catalogue in line with parsed rows (REM or YAML).

Nothing is ever deleted: requirements, scenarios and evidence specs missing from a newer
catalogue are retired, so evidence deposited against them stays attached (DESIGN §3).
Only what differs is written, so applying the same catalogue twice changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.text import slugify

from referencement.lib.rem_sheets import EvidenceRow, RequirementRow, RowError, ScenarioRow

from .choices import CatalogStatus, VersionOrigin
from .models import Chapter, Dispositif, EvidenceSpec, Profile, Requirement, Scenario
from .rules import profile_lookup

ACTIVE, RETIRED = CatalogStatus.ACTIVE, CatalogStatus.RETIRED


@dataclass
class SyncReport:
    """What applying rows did: counts per kind, the requirement IDs by outcome, the
    profiles the rows declared, and the rows created (to stamp them with their origin)."""

    counts: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    new_profiles: list[dict] = field(default_factory=list)
    created: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def changed(self) -> int:
        return sum(n for key, n in self.counts.items() if not key.endswith("unchanged"))

    def as_dict(self) -> dict[str, int]:
        return {**self.counts, "changed": self.changed}

    def details(self) -> dict:
        """The lists the import preview shows, JSON-ready."""
        return {
            "added": self.added,
            "modified": self.modified,
            "retired": self.retired,
            "kept": self.kept,
            "new_profiles": self.new_profiles,
        }


def profile_code(label: str, taken: set[str]) -> str:
    """A code for a profile a REM declares by its label: « IE Usagers » → IE-USAGERS."""
    base = (slugify(label).upper() or "PROFIL")[:36]
    code, suffix = base, 2
    while code.casefold() in taken:
        code, suffix = f"{base}-{suffix}", suffix + 1
    return code


def _declare_profiles(
    dispositif: Dispositif, rows: list[RequirementRow], report: SyncReport
) -> dict[str, Profile]:
    """Profiles the rows name that the dispositif lacks are created optional: their rules
    (mandatory, one-of, exemptions) stay in the catalogue file (issue 14 item 1)."""
    lookup = profile_lookup(dispositif)
    taken = {p.code.casefold() for p in dispositif.profiles.all()}
    order = max((p.order for p in dispositif.profiles.all()), default=0)
    for row in rows:
        for ref in row.profiles:
            key = ref.strip().casefold()
            if key in lookup:
                if lookup[key].pk in report.created["profile"]:
                    _declared(report, lookup[key])["requirements"].append(row.code)
                continue
            order += 1
            code = profile_code(ref.strip(), taken)
            taken.add(code.casefold())
            profile = Profile.objects.create(
                dispositif=dispositif, code=code, label=ref.strip(), order=order
            )
            lookup[key] = profile
            report.created["profile"].append(profile.pk)
            report.counts["profiles_created"] += 1
            report.new_profiles.append(
                {"code": code, "label": profile.label, "requirements": [row.code]}
            )
    return lookup


def _declared(report: SyncReport, profile: Profile) -> dict:
    return next(p for p in report.new_profiles if p["code"] == profile.code)


def apply_rows(
    dispositif: Dispositif,
    rows: list[RequirementRow],
    *,
    retire_missing: bool = True,
    keep_imported: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> SyncReport:
    """Create, update, reactivate or retire requirements so the catalogue matches `rows`.

    With `keep_imported` (a catalogue file reload), requirements a REM import created are
    never retired: they are listed in `report.kept` instead. Call inside a transaction.
    """
    report = SyncReport()
    lookup = _declare_profiles(dispositif, rows, report)
    chapters = {c.code: c for c in dispositif.chapters.all()}
    existing = {
        r.code: r
        for r in dispositif.requirements.prefetch_related("profiles", "scenarios__evidence_specs")
    }
    added: set[str] = set()
    fresh: list[tuple[Requirement, RequirementRow, set[Profile]]] = []
    for done, row in enumerate(rows, start=1):
        before = report.changed
        chapter = _chapter(dispositif, row, chapters, report)
        wanted = {lookup[ref.strip().casefold()] for ref in row.profiles}
        requirement = existing.get(row.code)
        if requirement is None:
            requirement = Requirement(
                dispositif=dispositif, code=row.code, perimeter=_wave(dispositif)
            )
            _assign(requirement, row, chapter)
            fresh.append((requirement, row, wanted))
            report.counts["requirements_created"] += 1
            report.added.append(row.code)
            added.add(row.code)
        else:
            was_retired = requirement.status == RETIRED
            fields_changed = _assign(requirement, row, chapter)
            profiles_changed = set(requirement.profiles.all()) != wanted
            if fields_changed:
                requirement.save()
            if profiles_changed:
                requirement.profiles.set(wanted)
            key = "reactivated" if was_retired else "updated"
            changed = fields_changed or profiles_changed
            report.counts[f"requirements_{key if changed else 'unchanged'}"] += 1
            if row.scenarios is not None:
                _sync_scenarios(requirement, row.scenarios, report)
            if report.changed > before:
                report.modified.append(row.code)
        if on_progress:
            on_progress(done)
    _create_fresh(fresh, report)
    if retire_missing:
        seen = {row.code for row in rows}
        stale = [r for code, r in existing.items() if code not in seen and r.status == ACTIVE]
        if keep_imported:
            imported = set(
                dispositif.requirements.filter(origin__origin=VersionOrigin.REM).values_list(
                    "pk", flat=True
                )
            )
            report.kept = [r.code for r in stale if r.pk in imported]
            stale = [r for r in stale if r.pk not in imported]
        report.retired = [r.code for r in stale]
        report.counts["requirements_retired"] += Requirement.objects.filter(
            pk__in=[r.pk for r in stale]
        ).update(status=RETIRED)
    return report


BATCH = 500


def _create_fresh(
    fresh: list[tuple[Requirement, RequirementRow, set[Profile]]], report: SyncReport
) -> None:
    """New requirements with their profiles, scenarios and proofs, in a few bulk inserts
    (a 5,000-row REM in seconds, issue 14 benchmark)."""
    if not fresh:
        return
    Requirement.objects.bulk_create([r for r, _, _ in fresh], batch_size=BATCH)
    report.created["requirement"] += [r.pk for r, _, _ in fresh]
    link = Requirement.profiles.through
    link.objects.bulk_create(
        [link(requirement_id=r.pk, profile_id=p.pk) for r, _, wanted in fresh for p in wanted],
        batch_size=BATCH,
    )
    scenarios, proofs = [], []
    for requirement, row, _ in fresh:
        for order, item in enumerate(row.scenarios or [], start=1):
            scenarios.append(
                Scenario(requirement=requirement, code=item.code, text=item.text, order=order)
            )
            proofs.append(item.evidence)
    Scenario.objects.bulk_create(scenarios, batch_size=BATCH)
    specs = [
        EvidenceSpec(scenario=scenario, code=e.code, text=e.text, order=n, **_evidence_values(e))
        for scenario, items in zip(scenarios, proofs, strict=True)
        for n, e in enumerate(items, start=1)
    ]
    EvidenceSpec.objects.bulk_create(specs, batch_size=BATCH)
    report.counts["scenarios_created"] += len(scenarios)
    report.counts["evidence_created"] += len(specs)
    report.created["scenarios"] += [s.pk for s in scenarios]
    report.created["evidence"] += [e.pk for e in specs]


def _wave(dispositif: Dispositif) -> str:
    return f"vague_{dispositif.wave}"


def _chapter(
    dispositif: Dispositif, row: RequirementRow, chapters: dict[str, Chapter], report: SyncReport
) -> Chapter | None:
    """The row's chapter, matched by code then by title; created when new."""
    if row.chapter_code is None and not row.chapter_title:
        return None
    if row.chapter_code in chapters:
        return chapters[row.chapter_code]
    title = (row.chapter_title or "").casefold()
    match = next((c for c in chapters.values() if title and c.title.casefold() == title), None)
    if match is not None:
        return match
    code = row.chapter_code or (row.chapter_title or "")[:60]
    chapter = Chapter.objects.create(
        dispositif=dispositif, code=code, title=row.chapter_title or code, order=len(chapters) + 1
    )
    chapters[code] = chapter
    report.counts["chapters_created"] += 1
    return chapter


def _assign(requirement: Requirement, row: RequirementRow, chapter: Chapter | None) -> bool:
    """Copy the given (non-None) values of `row`; True when something differs."""
    values = {
        "function": row.function,
        "text": row.text,
        "comment": row.comment,
        "kind": row.kind,
        "perimeter": row.perimeter,
        "criticality": row.criticality,
        "order": row.order,
        "conditional": row.conditional,
        "field_test": row.field_test,
        "status": ACTIVE,
    }
    changed = False
    if chapter is not None and requirement.chapter_id != chapter.pk:
        requirement.chapter = chapter
        changed = True
    for name, value in values.items():
        if value is not None and getattr(requirement, name) != value:
            setattr(requirement, name, value)
            changed = True
    return changed


def _sync_children(
    model,
    parent_field: str,
    parent,
    current_items: list,
    items: list,
    report: SyncReport,
    label: str,
    extra: Callable[[object], dict],
) -> dict[str, object]:
    """Shared create/update/retire of scenarios and evidence specs under one parent;
    `current_items` are the parent's stored children (prefetched)."""
    existing = {o.code: o for o in current_items}
    kept = {}
    for order, item in enumerate(items, start=1):
        values = {"text": item.text, "order": order, "status": ACTIVE, **extra(item)}
        current = existing.get(item.code)
        if current is None:
            current = model.objects.create(**{parent_field: parent}, code=item.code, **values)
            report.counts[f"{label}_created"] += 1
            report.created[label].append(current.pk)
        else:
            diff = {k: v for k, v in values.items() if getattr(current, k) != v}
            if diff:
                model.objects.filter(pk=current.pk).update(**diff)
            report.counts[f"{label}_{'updated' if diff else 'unchanged'}"] += 1
        kept[item.code] = current
    stale = [o.pk for code, o in existing.items() if code not in kept and o.status == ACTIVE]
    report.counts[f"{label}_retired"] += model.objects.filter(pk__in=stale).update(status=RETIRED)
    return kept


def _sync_scenarios(
    requirement: Requirement, scenarios: list[ScenarioRow], report: SyncReport
) -> None:
    stored = list(requirement.scenarios.all())
    kept = _sync_children(
        Scenario,
        "requirement",
        requirement,
        stored,
        scenarios,
        report,
        "scenarios",
        lambda item: {},
    )
    proofs = {s.pk: list(s.evidence_specs.all()) for s in stored}
    for item in scenarios:
        scenario = kept[item.code]
        _sync_children(
            EvidenceSpec,
            "scenario",
            scenario,
            proofs.get(scenario.pk, []),
            item.evidence,
            report,
            "evidence",
            _evidence_values,
        )


def _evidence_values(item: EvidenceRow) -> dict:
    return {"evidence_type": item.evidence_type} if item.evidence_type else {}


def export_rows(requirements: QuerySet[Requirement]) -> list[RequirementRow]:
    """Stored requirements as rows, for the spreadsheet writers (active entries only)."""
    rows = []
    queryset = (
        requirements.select_related("chapter")
        .prefetch_related("profiles", "scenarios__evidence_specs")
        .order_by("order", "code")
    )
    for req in queryset:
        scenarios = [
            ScenarioRow(
                s.code,
                s.text,
                [
                    EvidenceRow(e.code, e.text, e.evidence_type)
                    for e in s.evidence_specs.all()
                    if e.status == ACTIVE
                ],
            )
            for s in req.scenarios.all()
            if s.status == ACTIVE
        ]
        rows.append(
            RequirementRow(
                code=req.code,
                chapter_code=req.chapter.code if req.chapter else None,
                chapter_title=req.chapter.title if req.chapter else "",
                function=req.function,
                text=req.text,
                comment=req.comment,
                kind=req.kind,
                perimeter=req.perimeter,
                profiles=tuple(p.label for p in sorted(req.profiles.all(), key=_profile_key)),
                criticality=req.criticality,
                order=req.order,
                conditional=req.conditional,
                scenarios=scenarios,
            )
        )
    return rows


def _profile_key(profile: Profile) -> tuple[int, str]:
    return (profile.order, profile.code)
