"""Automatic conformity check of a deposited file (DESIGN §5, issue 6 item 8): which files
are machine-checkable, and running `referencement.conformity.validate` on them."""

from __future__ import annotations

import zipfile

from django.conf import settings

from referencement.conformity import validate
from referencement.conformity.findings import Severity
from referencement.conformity.paths import default_schematron_dir
from referencement.conformity.validate import detect_kind

from .choices import ConformityStatus
from .models import EvidenceVersion
from .storage import blob_store

# DESIGN §5: CDA, IHE_XDM archives, HL7 v2, MSSanté .eml and statistics CSV.
CHECKED_KINDS = {"cda", "xdm", "hl7", "eml", "csv"}


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


def status_of(report) -> str:
    if not report.ok:
        return ConformityStatus.FAILED
    if any(f.severity is Severity.AVERTISSEMENT for f in report.findings):
        return ConformityStatus.WARNINGS
    return ConformityStatus.PASSED


def document_types(dispositif) -> set[str] | None:
    codes = set(dispositif.document_types.values_list("code", flat=True))
    return codes or None


def check_version(version: EvidenceVersion) -> None:
    """Run the check and store the report on the version (never raises on bad files)."""
    blob = version.blob
    path = blob_store().path(blob.sha256)
    with path.open("rb") as handle:
        head = handle.read(4096)
    kind = checkable_kind(head, version.filename)
    if not kind or (kind == "xdm" and not _is_xdm(path)):
        version.conformity_status = ConformityStatus.NOT_APPLICABLE
        version.conformity_report = {}
    elif blob.size > settings.CONFORMITY_MAX_BYTES:
        version.conformity_status = ConformityStatus.NOT_APPLICABLE
        version.conformity_report = {
            "note": "Fichier trop volumineux pour le contrôle automatique."
        }
    else:
        report = validate(
            path.read_bytes(),
            filename=version.filename,
            kind=kind,
            document_types=document_types(version.evidence.candidature.dispositif),
            schematron_dir=default_schematron_dir(),
        )
        version.conformity_status = status_of(report)
        version.conformity_report = report.to_dict()
    version.save(update_fields=["conformity_status", "conformity_report"])
