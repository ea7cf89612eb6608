"""Exporting a catalogue, or the part applicable to a profile selection, as XLSX or CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from django.db.models import QuerySet

from referencement.lib.rem_sheets import convergence_rows, write_csv, write_xlsx

from .choices import CatalogStatus
from .models import Dispositif, Requirement
from .rules import applicable_requirements, validate_profile_selection
from .sync import export_rows

WRITERS = {"xlsx": write_xlsx, "csv": write_csv}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass
class ExportResult:
    count: int = 0
    errors: list[str] = field(default_factory=list)


def write_requirements(requirements: QuerySet[Requirement], out: IO[bytes], *, fmt: str) -> int:
    rows = export_rows(requirements)
    WRITERS[fmt](convergence_rows(rows), out)
    return len(rows)


def export_catalogue(
    dispositif: Dispositif, out: IO[bytes], *, fmt: str = "xlsx", profiles: list[str] = ()
) -> ExportResult:
    """The whole active catalogue, or with `profiles` the applicable requirements."""
    if profiles:
        errors = validate_profile_selection(dispositif, profiles)
        if errors:
            return ExportResult(errors=errors)
        requirements = applicable_requirements(dispositif, profiles)
    else:
        requirements = dispositif.requirements.filter(status=CatalogStatus.ACTIVE)
    return ExportResult(count=write_requirements(requirements, out, fmt=fmt))
