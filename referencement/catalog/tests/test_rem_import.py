"""Importing and exporting REM spreadsheets (DESIGN §3 Requirement catalogues)."""

from __future__ import annotations

import io

import pytest

from referencement.audit.models import AuditEvent
from referencement.catalog.actions import ImportRefused, import_rem
from referencement.catalog.choices import CatalogStatus
from referencement.catalog.exports import export_catalogue
from referencement.catalog.models import EvidenceSpec, Requirement
from referencement.lib.rem_sheets import parse_rem, read_table

from .rem_files import convergence_file, convergence_row

pytestmark = pytest.mark.django_db


def run(dispositif, buffer, name="rem.xlsx"):
    buffer.seek(0)
    return import_rem(dispositif, parse_rem(read_table(buffer, name)), filename=name)


def full_file(ms_dui, **overrides) -> io.BytesIO:
    """A REM covering the whole MS-DUI-Va2 catalogue, one scenario and proof each."""
    rows = []
    for requirement in ms_dui.requirements.prefetch_related("profiles"):
        profiles = "; ".join(p.label for p in requirement.profiles.all())
        rows.append(
            convergence_row(
                requirement.code, profile=profiles, perimeter=requirement.get_perimeter_display()
            )
        )
    return convergence_file(*rows)


def test_importing_the_same_rem_twice_changes_nothing(ms_dui) -> None:
    first = run(ms_dui, full_file(ms_dui))
    assert first.counts["evidence_created"] == ms_dui.requirements.count()
    events = AuditEvent.objects.count()
    second = run(ms_dui, full_file(ms_dui))
    assert second.changed == 0
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("-sequence").first().action == "catalog.rem_imported"


def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row(ms_dui) -> None:
    before = list(Requirement.objects.values_list("code", "text", "status"))
    events = AuditEvent.objects.count()
    bad = convergence_file(
        convergence_row("SC.INS.01", profile="Nouveau profil"),
        convergence_row("SC.INS.02", perimeter="Vague 9"),
    )
    with pytest.raises(ImportRefused) as refused:
        run(ms_dui, bad)
    assert [str(e) for e in refused.value.errors] == [
        "Ligne 3 : périmètre illisible (attendu « Vague 1 » ou « Vague 2 »)."
    ]
    assert not ms_dui.profiles.filter(label="Nouveau profil").exists()
    assert list(Requirement.objects.values_list("code", "text", "status")) == before
    assert AuditEvent.objects.count() == events


def test_export_then_import_is_a_no_op(ms_dui) -> None:
    run(ms_dui, full_file(ms_dui))
    for fmt in ("xlsx", "csv"):
        out = io.BytesIO()
        export_catalogue(ms_dui, out, fmt=fmt)
        assert run(ms_dui, out, f"export.{fmt}").changed == 0


def test_a_reimport_without_a_requirement_retires_it_and_keeps_it(ms_dui) -> None:
    run(ms_dui, full_file(ms_dui))
    spec = EvidenceSpec.objects.get(scenario__requirement__code="SC.INS.01")
    rows = [r for r in read_table(full_file(ms_dui))][1:]
    without = convergence_file(*[values for _, values in rows if values[1] != "SC.INS.01"])
    report = run(ms_dui, without)
    assert report.counts["requirements_retired"] == 1
    retired = Requirement.objects.get(dispositif=ms_dui, code="SC.INS.01")
    assert retired.status == CatalogStatus.RETIRED
    assert EvidenceSpec.objects.filter(pk=spec.pk).exists()
    run(ms_dui, full_file(ms_dui))
    retired.refresh_from_db()
    assert retired.status == CatalogStatus.ACTIVE


def test_the_profile_export_contains_only_applicable_requirements(ms_dui) -> None:
    out = io.BytesIO()
    result = export_catalogue(ms_dui, out, fmt="csv", profiles=["GENERAL", "AHI"])
    out.seek(0)
    exported = {values[1] for _, values in read_table(out, "x.csv")}
    assert result.count == len(exported) - 1
    assert "MS.AHI/SISIAO.01" in exported and "SC.DMP/CONF.06" not in exported


def test_a_profile_export_with_a_bad_selection_is_refused(ms_dui) -> None:
    result = export_catalogue(ms_dui, io.BytesIO(), profiles=["PA"])
    assert result.errors == ["Le profil « Général » est obligatoire."]
