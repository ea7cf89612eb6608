"""Automatic conformity check of a deposited file (DESIGN §5, issue 6 item 8): which files
are machine-checkable, running `referencement.conformity.validate` on them, and the sweep
that re-queues checks a worker lost (issue 13 item 9)."""

from __future__ import annotations

import logging
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from referencement.conformity import validate
from referencement.conformity.findings import Report, Verdict, unverifiable
from referencement.conformity.paths import default_schematron_dir
from referencement.conformity.validate import detect_kind
from referencement.files.storage import blob_store

from .choices import ConformityStatus
from .models import EvidenceVersion

logger = logging.getLogger(__name__)

# DESIGN §5: CDA, IHE_XDM archives, HL7 v2, MSSanté .eml and statistics CSV.
CHECKED_KINDS = {"cda", "xdm", "hl7", "eml", "csv"}
# Issue 13 item 9: a check pending this long was lost (worker killed…) and is queued again;
# one pending for GIVE_UP_AFTER never completes and reads « non vérifiable ».
REQUEUE_AFTER = timedelta(minutes=10)
GIVE_UP_AFTER = timedelta(hours=1)

_STATUS = {
    Verdict.CONFORME: ConformityStatus.PASSED,
    Verdict.AVERTISSEMENTS: ConformityStatus.WARNINGS,
    Verdict.NON_VERIFIABLE: ConformityStatus.UNVERIFIABLE,
    Verdict.NON_CONFORME: ConformityStatus.FAILED,
}


def checkable_kind(head: bytes, filename: str) -> str:
    """The conformity kind of a file, or "" when it is not machine-checkable."""
    kind = detect_kind(head, filename)
    if kind == "cda" and b"ClinicalDocument" not in head:
        return ""
    return kind if kind in CHECKED_KINDS else ""


def _is_xdm(path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.upper().startswith("IHE_XDM/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return True  # let the XDM check report the broken archive


def status_of(report: Report) -> str:
    return _STATUS[report.verdict]


def document_types(dispositif) -> set[str] | None:
    codes = set(dispositif.document_types.values_list("code", flat=True))
    return codes or None


def check_version(version: EvidenceVersion) -> None:
    """Run the check and store the report on the version (never raises, never leaves the
    version pending: a check that fails to run is « non vérifiable »)."""
    try:
        _check(version)
    except Exception as exc:  # noqa: BLE001 - any failure must end the pending state
        logger.exception("Contrôle de conformité impossible (version %s)", version.pk)
        report = Report(kind="inconnu", filename=version.filename)
        report.findings.append(
            unverifiable(
                "controle", "/", f"Le contrôle n'a pas pu s'exécuter ({type(exc).__name__})."
            )
        )
        version.conformity_status = ConformityStatus.UNVERIFIABLE
        version.conformity_report = report.to_dict()
    version.save(update_fields=["conformity_status", "conformity_report"])


def _check(version: EvidenceVersion) -> None:
    blob = version.blob
    store = blob_store()
    with store.open(blob.sha256) as handle:
        head = handle.read(4096)
    kind = checkable_kind(head, version.filename)
    if kind == "xdm":
        # zipfile reads the archive's directory at its end: a local file, not object storage.
        with store.local_copy(blob.sha256) as path:
            kind = kind if _is_xdm(path) else ""
    if not kind:
        version.conformity_status = ConformityStatus.NOT_APPLICABLE
        version.conformity_report = {}
    elif blob.size > settings.CONFORMITY_MAX_BYTES:
        version.conformity_status = ConformityStatus.NOT_APPLICABLE
        version.conformity_report = {
            "note": "Fichier trop volumineux pour le contrôle automatique."
        }
    else:
        with store.open(blob.sha256) as handle:
            content = handle.read()
        report = validate(
            content,
            filename=version.filename,
            kind=kind,
            document_types=document_types(version.evidence.candidature.dispositif),
            schematron_dir=default_schematron_dir(),
        )
        version.conformity_status = status_of(report)
        version.conformity_report = report.to_dict()


def sweep_pending_checks() -> dict[str, int]:
    """Re-queue checks pending for more than 10 minutes; after an hour, give up with a
    « non vérifiable » report. Idempotent: a version is claimed by an optimistic update."""
    from .tasks import check_conformity

    now = timezone.now()
    pending = EvidenceVersion.objects.filter(conformity_status=ConformityStatus.PENDING)
    abandoned = pending.filter(deposited_at__lt=now - GIVE_UP_AFTER)
    report = Report(kind="inconnu", filename="")
    report.findings.append(
        unverifiable("controle", "/", "Le contrôle automatique n'a pas abouti en une heure.")
    )
    given_up = abandoned.update(
        conformity_status=ConformityStatus.UNVERIFIABLE, conformity_report=report.to_dict()
    )
    cut = now - REQUEUE_AFTER
    stale = pending.filter(
        Q(conformity_requeued_at__lt=cut)
        | Q(conformity_requeued_at__isnull=True, deposited_at__lt=cut)
    )
    requeued = 0
    for version in stale.only("pk", "conformity_requeued_at"):
        claimed = EvidenceVersion.objects.filter(
            pk=version.pk,
            conformity_status=ConformityStatus.PENDING,
            conformity_requeued_at=version.conformity_requeued_at,
        ).update(conformity_requeued_at=now)
        if claimed:
            check_conformity.enqueue(version.pk)
            requeued += 1
    return {"requeued": requeued, "given_up": given_up}
