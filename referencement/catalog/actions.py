"""State changes of the catalogue: loading catalogue files, importing REM spreadsheets.

Each action runs in one transaction and writes its audit event there; a refused import
raises `ImportRefused` and leaves the database untouched (all or nothing).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from referencement.audit.actions import record
from referencement.core.locking import for_update
from referencement.lib.french import plural
from referencement.lib.rem_sheets import ParsedRem, RemFormatError, RowError, parse_rem, read_table

from .catalogue_files import CatalogueFile, catalogue_paths, parse_instant, read_catalogue
from .catalogue_files import requirement_rows as catalogue_requirement_rows
from .choices import CatalogStatus, ConventionTiming, ImportStatus, VersionOrigin
from .impact import impact_of
from .models import (
    Chapter,
    Dispositif,
    DocumentType,
    ExtraEvidence,
    Milestone,
    Profile,
    ProfileRule,
    RemImport,
)
from .sync import SyncReport, apply_rows
from .versions import record_version


class ImportRefused(Exception):
    """The file has bad rows; nothing was applied. `errors` name each row and reason."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(plural(len(errors), "erreur", "erreurs"))
        self.errors = errors


def _require_agency_admin(actor) -> None:
    if actor is not None and not getattr(actor, "is_agency_admin", False):
        raise PermissionDenied


# --- catalogue files ---------------------------------------------------------------------


def load_all_catalogues(
    *, actor=None, force: bool = False, on_progress: Callable[[int, int], None] | None = None
) -> dict[str, SyncReport | None]:
    """Every shipped catalogue; a file already loaded unchanged is skipped (None).
    ``on_progress(files loaded, files)`` is called after each file."""
    _require_agency_admin(actor)
    paths = catalogue_paths()
    reports = {}
    for done, path in enumerate(paths, start=1):
        reports[path.stem] = load_catalogue(read_catalogue(path), actor=actor, force=force)
        if on_progress:
            on_progress(done, len(paths))
    return reports


@transaction.atomic
def load_catalogue(
    catalogue: CatalogueFile, *, actor=None, force: bool = False
) -> SyncReport | None:
    """Create or update a dispositif from its file. Idempotent: same file, no change.

    Requirements missing from a newer file are retired, never deleted, so evidence
    deposited against them is kept; those a REM import created are left active and listed
    in the report's `kept`. Texts and scenarios come from REM imports and are left as
    they are. A load that changes the catalogue's content records a new version.
    """
    data = catalogue.data
    dispositif = Dispositif.objects.filter(code=data["code"]).first()
    if dispositif is not None and dispositif.catalogue_hash == catalogue.digest and not force:
        return None
    dispositif, created = Dispositif.objects.update_or_create(
        code=data["code"], defaults=_dispositif_values(data)
    )
    _load_milestones(dispositif, data["milestones"])
    _load_profiles(dispositif, data["profiles"])
    _load_rules(dispositif, data.get("rules") or [])
    _load_ordered(
        Chapter,
        dispositif,
        data.get("chapters") or [],
        lambda c: {"title": c["title"], "field_test": c.get("field_test", False)},
    )
    _load_ordered(
        DocumentType,
        dispositif,
        data.get("document_types") or [],
        lambda d: {"label": d["label"], "category": d.get("category", "")},
    )
    _load_extra_evidence(dispositif, data.get("extra_evidence") or [])
    report = SyncReport()
    rows = catalogue_requirement_rows(data)
    if rows:
        report = apply_rows(dispositif, rows, keep_imported=True)
    dispositif.catalogue_hash = catalogue.digest
    dispositif.save(update_fields=["catalogue_hash"])
    version = record_version(
        dispositif,
        report,
        origin=VersionOrigin.FILE,
        source_name=catalogue.path.name,
        sha256=catalogue.digest,
        actor=actor,
    )
    record(
        "catalog.catalogue_loaded",
        actor=actor,
        subject=dispositif,
        new={
            "file": catalogue.path.name,
            "sha256": catalogue.digest,
            "created": created,
            "version": version.number if version else None,
            "kept_from_imports": report.kept,
            **report.as_dict(),
        },
    )
    return report


def _delay(parameters: dict, name: str) -> tuple[int | None, str]:
    value = parameters.get(name)
    return (value["amount"], value["unit"]) if value else (None, "")


def _parameter_sources(parameters: dict) -> dict[str, str]:
    """Parameter name → the text it comes from: a delay's own `source`, the others'
    entry in `parameters.sources` (checked complete by catalogue_files)."""
    delays = {
        name: value["source"]
        for name, value in parameters.items()
        if isinstance(value, dict) and "amount" in value
    }
    return {**delays, **parameters.get("sources", {})}


def _dispositif_values(data: dict) -> dict:
    parameters = data["parameters"]
    admin_delay, admin_unit = _delay(parameters, "admin_response")
    queue_delay, queue_unit = _delay(parameters, "queue_guarantee")
    abandon_delay, abandon_unit = _delay(parameters, "abandonment")
    fix_delay, fix_unit = _delay(parameters, "reserves_fix")
    test_delay, test_unit = _delay(parameters, "field_test_session")
    charter = data.get("charter") or {}
    next_version = parameters.get("next_version") or {}
    convention = parameters.get("convention") or {}
    evidence_deadline = parameters.get("evidence_deadline") or {}
    return {
        "title": data["title"],
        "source": data["source"],
        "corridor": data["corridor"],
        "wave": data["wave"],
        "funded": data["funded"],
        "description": data.get("description", ""),
        "catalogue_note": data.get("catalogue_note", ""),
        "charter_text": charter.get("text", ""),
        "charter_version": charter.get("version", ""),
        "charter_source": charter.get("source", ""),
        "charter_note": charter.get("note", ""),
        "admin_response_delay": admin_delay,
        "admin_response_unit": admin_unit,
        "admin_late_rejects": parameters["admin_late_rejects"],
        "queue_guarantee_delay": queue_delay,
        "queue_guarantee_unit": queue_unit,
        "abandonment_delay": abandon_delay,
        "abandonment_unit": abandon_unit,
        "queue_basis": parameters["queue_basis"],
        "profile_change_policy": parameters["profile_change_policy"],
        "college_outcomes": parameters["college_outcomes"],
        "reserves_fix_delay": fix_delay,
        "reserves_fix_unit": fix_unit,
        "field_test_session": test_delay is not None,
        "field_test_delay": test_delay,
        "field_test_unit": test_unit,
        "evidence_equivalence": parameters.get("evidence_equivalence", False),
        "next_version_allowed": next_version.get("allowed", False),
        "next_version_source": next_version.get("source", ""),
        "next_version_note": next_version.get("note", ""),
        "always_redeposit": next_version.get("always_redeposit", []),
        "equivalence_sources": parameters.get("equivalence_sources", []),
        "equivalence_perimeter": parameters.get("equivalence_perimeter", ""),
        "candidates_public": parameters.get("candidates_public", False),
        "convention_timing": convention.get("signed", ConventionTiming.AFTER_INSTRUCTION),
        "convention_source": convention.get("source", ""),
        "convention_note": convention.get("note", ""),
        "evidence_deadline_milestone": evidence_deadline.get("milestone", 2),
        "evidence_deadline_source": evidence_deadline.get("source", ""),
        "evidence_deadline_note": evidence_deadline.get("note", ""),
        "assumed_parameters": parameters.get("assumed", []),
        "assumption_note": parameters.get("assumption_note", ""),
        "parameter_sources": _parameter_sources(parameters),
        "dossier_rules": data["dossier"],
    }


def _load_milestones(dispositif: Dispositif, milestones: list[dict]) -> None:
    numbers = []
    for item in milestones:
        at, time_given = parse_instant(item["at"])
        Milestone.objects.update_or_create(
            dispositif=dispositif,
            number=item["number"],
            defaults={
                "at": at,
                "time_given": time_given,
                "label": item["label"],
                "source": item["source"],
            },
        )
        numbers.append(item["number"])
    dispositif.milestones.exclude(number__in=numbers).delete()


def _load_profiles(dispositif: Dispositif, profiles: list[dict]) -> None:
    """Profiles are never deleted: candidatures refer to them."""
    for order, item in enumerate(profiles, start=1):
        Profile.objects.update_or_create(
            dispositif=dispositif,
            code=item["code"],
            defaults={
                "label": item["label"],
                "mandatory": item.get("mandatory", False),
                "criteria": item.get("criteria", ""),
                "order": order,
            },
        )


def _load_rules(dispositif: Dispositif, rules: list[dict]) -> None:
    """Rules are pure data nobody points to: replaced as a whole."""
    dispositif.rules.all().delete()
    for item in rules:
        rule = ProfileRule.objects.create(
            dispositif=dispositif,
            kind=item["kind"],
            requirement_codes=item.get("requirements", []),
            source=item["source"],
            description=item.get("description", ""),
        )
        rule.profiles.set(dispositif.profiles.filter(code__in=item["profiles"]))


def _load_ordered(model, dispositif: Dispositif, items: list[dict], values: Callable) -> None:
    for order, item in enumerate(items, start=1):
        model.objects.update_or_create(
            dispositif=dispositif, code=item["code"], defaults={**values(item), "order": order}
        )


def _load_extra_evidence(dispositif: Dispositif, items: list[dict]) -> None:
    _load_ordered(ExtraEvidence, dispositif, items, _extra_values)
    for item in items:
        extra = dispositif.extra_evidence.get(code=item["code"])
        codes = item.get("exempt_profiles") or []
        extra.exempt_profiles.set(dispositif.profiles.filter(code__in=codes))


def _extra_values(item: dict) -> dict:
    return {
        "label": item["label"],
        "assessed": item.get("assessed", True),
        "redeposit_until": item.get("redeposit_until"),
        "derogation": item.get("derogation", ""),
        "late_deposit": item.get("late_deposit", False),
        "source": item["source"],
        "exemption_source": item.get("exemption_source", ""),
    }


# --- REM spreadsheets --------------------------------------------------------------------


def import_rem(
    dispositif: Dispositif,
    parsed: ParsedRem,
    *,
    actor=None,
    filename: str = "",
    sha256: str = "",
    job: RemImport | None = None,
    dry_run: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> SyncReport:
    """Apply a parsed REM to `dispositif`, all or nothing, with one audit event.

    Requirements absent from the file are retired; profiles it names that the dispositif
    lacks are created as optional profiles. With `dry_run` the changes are computed then
    rolled back (the upload page's preview). A change records a new catalogue version.
    """
    _require_agency_admin(actor)
    if parsed.errors:
        raise ImportRefused(sorted(parsed.errors, key=lambda e: e.row))
    if not parsed.requirements:
        raise ImportRefused([RowError(0, "le fichier ne contient aucune exigence.")])
    try:
        with transaction.atomic():
            dispositif = for_update(Dispositif.objects).get(pk=dispositif.pk)
            report = apply_rows(dispositif, parsed.requirements, on_progress=on_progress)
            if dry_run:
                raise _Rollback(report)
            version = record_version(
                dispositif,
                report,
                origin=VersionOrigin.REM,
                source_name=filename,
                sha256=sha256,
                actor=actor,
                rem_import=job,
            )
            record(
                "catalog.rem_imported",
                actor=actor,
                subject=dispositif,
                new={
                    "file": filename,
                    "sha256": sha256,
                    "layout": parsed.layout,
                    "rows": parsed.rows_total,
                    "version": version.number if version else None,
                    **report.as_dict(),
                },
            )
    except _Rollback as rollback:
        return rollback.report
    return report


class _Rollback(Exception):
    def __init__(self, report: SyncReport) -> None:
        self.report = report


@transaction.atomic
def start_rem_import(dispositif: Dispositif, upload: UploadedFile, *, actor) -> RemImport:
    """Store an uploaded REM and queue its analysis (the preview); nothing is applied yet."""
    _require_agency_admin(actor)
    job = RemImport.objects.create(
        dispositif=dispositif, uploaded_by=actor, file=upload, filename=upload.name
    )
    record("catalog.rem_upload", actor=actor, subject=dispositif, new={"file": upload.name})
    from .tasks import analyse_rem_import

    transaction.on_commit(lambda: analyse_rem_import.enqueue(job.pk))
    return job


@transaction.atomic
def confirm_rem_import(job: RemImport, *, actor, typed_code: str = "") -> None:
    """Queue the application of a previewed import. One that retires more than a tenth of
    the catalogue needs the dispositif's code typed again (issue 10 item 9)."""
    _require_agency_admin(actor)
    job = for_update(RemImport.objects).select_related("dispositif").get(pk=job.pk)
    if job.status != ImportStatus.PREVIEW:
        raise PermissionDenied("Cet import n'attend pas de confirmation.")
    if job.retires_much and typed_code.strip() != job.dispositif.code:
        raise ConfirmationMissing(
            f"Cet import retire {job.retired_count} exigences : saisissez le code du "
            f"dispositif ({job.dispositif.code}) pour le confirmer."
        )
    RemImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.QUEUED, rows_processed=0, confirmed_at=timezone.now()
    )
    record(
        "catalog.rem_import_confirmed",
        actor=actor,
        subject=job.dispositif,
        new={"file": job.filename, "sha256": job.sha256},
    )
    from .tasks import apply_rem_import

    transaction.on_commit(lambda: apply_rem_import.enqueue(job.pk, actor.pk))


class ConfirmationMissing(Exception):
    """A consequential confirmation was asked without the typed code that must go with it."""


@transaction.atomic
def cancel_rem_import(job: RemImport, *, actor) -> None:
    _require_agency_admin(actor)
    RemImport.objects.filter(pk=job.pk, status=ImportStatus.PREVIEW).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now()
    )
    record(
        "catalog.rem_import_cancelled",
        actor=actor,
        subject=job.dispositif,
        new={"file": job.filename},
    )


def run_rem_job(job: RemImport, *, actor=None, apply: bool) -> None:
    """Parse the stored file with progress on the job row, then preview or apply it.

    Progress is written outside the import transaction so the polling page sees it.
    """
    RemImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, rows_processed=0)
    try:
        with job.file.open("rb") as handle:
            sha256 = file_sha256(handle)
            handle.seek(0)
            rows = list(read_table(handle, job.filename))
        RemImport.objects.filter(pk=job.pk).update(sha256=sha256)
        total = max(len(rows) - 1, 0)
        RemImport.objects.filter(pk=job.pk).update(rows_total=total)
        step = max(1, total // 50)

        def progress(done: int) -> None:
            if done % step == 0:
                RemImport.objects.filter(pk=job.pk).update(rows_processed=done)

        parsed = parse_rem(rows, on_progress=progress)
        active_before = job.dispositif.requirements.filter(status=CatalogStatus.ACTIVE).count()
        report = import_rem(
            job.dispositif,
            parsed,
            actor=actor,
            filename=job.filename,
            sha256=sha256,
            job=job,
            dry_run=not apply,
        )
    except RemFormatError as error:
        _finish(job, ImportStatus.FAILED, errors=[str(error)])
    except ImportRefused as refused:
        _finish(job, ImportStatus.FAILED, errors=[str(e) for e in refused.errors])
    else:
        _finish(
            job,
            ImportStatus.DONE if apply else ImportStatus.PREVIEW,
            layout=parsed.layout,
            rows_processed=parsed.rows_total,
            summary={
                "counts": report.as_dict(),
                **report.details(),
                "active_before": active_before,
                "warnings": [str(w) for w in parsed.warnings],
                "impact": impact_of(
                    job.dispositif, modified=report.modified, retired=report.retired
                ),
            },
        )


def file_sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _finish(job: RemImport, status: str, **values) -> None:
    done = status != ImportStatus.PREVIEW
    RemImport.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now() if done else None, **values
    )
