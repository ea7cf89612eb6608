"""What a REM change touches, and migrating a candidature to the new version (issue 14 item 4)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from conftest import login
from referencement.audit.models import AuditEvent
from referencement.candidatures.actions import migrate_to_catalogue_version
from referencement.candidatures.choices import CandidatureStatus
from referencement.candidatures.models import Candidature
from referencement.catalog.actions import import_rem
from referencement.catalog.exports import export_catalogue
from referencement.catalog.impact import impact_of
from referencement.evidence.models import Evidence, EvidenceVersion
from referencement.instruction.models import Verdict
from referencement.lib.rem_sheets import parse_rem, read_table
from referencement.notifications.models import Notification
from referencement.registry.models import Attestation

from .rem_files import convergence_file

pytestmark = pytest.mark.django_db

CHANGED = "SC.INS.01"  # Général: carried by every candidature and attestation
KEPT = "SC.INS.02"  # Général, unchanged


def _retired_code(ms_dui) -> str:
    """A requirement only the optional PA profile carries."""
    return (
        ms_dui.requirements.filter(profiles__code="PA")
        .exclude(profiles__code="GENERAL")
        .order_by("code")
        .first()
        .code
    )


def _new_rem(ms_dui) -> io.BytesIO:
    """The current catalogue with SC.INS.01's statement changed and one PA item dropped."""
    out = io.BytesIO()
    export_catalogue(ms_dui, out, fmt="xlsx")
    out.seek(0)
    retired = _retired_code(ms_dui)
    rows = []
    for _, values in list(read_table(out, "export.xlsx"))[1:]:
        if values[1] == retired:
            continue
        if values[1] == CHANGED:
            values[4] = "Le système DOIT désormais vérifier l'INS à chaque ouverture."
        rows.append(values)
    return convergence_file(*rows)


def _candidature(ms_dui, editor, user, status, profiles, name) -> Candidature:
    candidature = Candidature.objects.create(
        editor=editor,
        dispositif=ms_dui,
        status=status,
        solution_name=name,
        created_by=user,
        catalogue_version=ms_dui.catalogue_versions.get(number=1),
    )
    candidature.profiles.set(ms_dui.profiles.filter(code__in=profiles))
    return candidature


def _judged(candidature, code, user, instructor) -> Evidence:
    item = Evidence.objects.create(
        candidature=candidature, requirement=candidature.dispositif.requirements.get(code=code)
    )
    version = EvidenceVersion.objects.create(
        evidence=item, number=1, text="ID d'exécution 1", deposited_by=user
    )
    Verdict.objects.create(version=version, value="conforme", decided_by=instructor)
    return item


@pytest.fixture
def fixture(ms_dui, editor, editor_member, instructor):
    """3 candidatures (one in instruction with 2 judged items, one depositing with the PA
    profile, one withdrawn) and 1 valid attestation for the Général profile."""
    in_instruction = _candidature(
        ms_dui, editor, editor_member, CandidatureStatus.IN_INSTRUCTION, ["GENERAL"], "Alpha"
    )
    _judged(in_instruction, CHANGED, editor_member, instructor)
    _judged(in_instruction, KEPT, editor_member, instructor)
    depositing = _candidature(
        ms_dui,
        editor,
        editor_member,
        CandidatureStatus.EVIDENCE_IN_PROGRESS,
        ["GENERAL", "PA"],
        "Bêta",
    )
    withdrawn = _candidature(
        ms_dui, editor, editor_member, CandidatureStatus.WITHDRAWN, ["GENERAL"], "Gamma"
    )
    referenced = _candidature(
        ms_dui, editor, editor_member, CandidatureStatus.REFERENCED, ["GENERAL"], "Delta"
    )
    Attestation.objects.create(
        number="MS-DUI-Va2-2026-0001",
        candidature=referenced,
        dispositif=ms_dui,
        year=2026,
        sequence=1,
        editor_name=editor.name,
        solution_name="Delta",
        profiles=["Général"],
        sha256="0" * 64,
    )
    return {"in_instruction": in_instruction, "depositing": depositing, "withdrawn": withdrawn}


def test_the_impact_report_lists_exactly_the_affected_items(ms_dui, fixture) -> None:
    retired = _retired_code(ms_dui)
    report = import_rem(ms_dui, parse_rem(read_table(_new_rem(ms_dui), "rem.xlsx")), dry_run=True)
    assert report.modified == [CHANGED] and report.retired == [retired]
    impact = impact_of(ms_dui, modified=report.modified, retired=report.retired)
    assert [(c["solution"], c["changed"], c["retired"]) for c in impact["candidatures"]] == [
        ("Alpha", [CHANGED], []),
        ("Bêta", [CHANGED], [retired]),
    ]
    assert [(e["solution"], e["evidence"]) for e in impact["judged_evidence"]] == [
        ("Alpha", CHANGED)
    ]
    assert [(a["number"], a["requirements"]) for a in impact["attestations"]] == [
        ("MS-DUI-Va2-2026-0001", [CHANGED])
    ]


def test_the_cli_prints_the_impact_without_applying_anything(ms_dui, fixture, tmp_path) -> None:
    path = tmp_path / "rem.xlsx"
    path.write_bytes(_new_rem(ms_dui).getvalue())
    out = io.StringIO()
    call_command("rem_impact", str(path), dispositif="MS-DUI-Va2", stdout=out)
    text = out.getvalue()
    assert text.startswith(
        "Cet import ajouterait 0 exigence, en modifierait 1 et en retirerait 1.\n"
    )
    assert "Candidatures en cours concernées : 2" in text
    assert "Alpha (Éditeur fictif" in text and "Gamma" not in text
    assert "MS-DUI-Va2-2026-0001 Delta : SC.INS.01" in text
    assert ms_dui.catalogue_versions.count() == 1
    assert "désormais" not in ms_dui.requirements.get(code=CHANGED).text


def test_migration_keeps_unchanged_verdicts_and_reopens_the_changed_ones(
    ms_dui, fixture, agency_admin
) -> None:
    import_rem(ms_dui, parse_rem(read_table(_new_rem(ms_dui), "rem.xlsx")), actor=agency_admin)
    version = ms_dui.catalogue_versions.get(number=2)
    candidature = fixture["in_instruction"]
    summary = migrate_to_catalogue_version(candidature, version, actor=agency_admin)
    assert summary["reopened"] == [CHANGED]
    candidature.refresh_from_db()
    assert candidature.catalogue_version == version
    changed = candidature.evidence.get(requirement__code=CHANGED)
    kept = candidature.evidence.get(requirement__code=KEPT)
    assert changed.reopened_for == version and changed.reopened_at is not None
    assert changed.versions.get().verdict.value == "conforme"  # old deposit kept for reference
    assert kept.reopened_at is None and kept.versions.get().verdict.value == "conforme"
    notice = Notification.objects.filter(candidature=candidature).first()
    assert "version 2" in notice.title and CHANGED in notice.body
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event.action == "candidature.catalogue_migrated"


def test_a_reopened_item_shows_on_the_deposit_grid_and_the_workbench_with_its_old_evidence(
    client, ms_dui, fixture, agency_admin, editor_member, instructor
) -> None:
    """Issue 14 item 5: `reopened_at` is shown to the editor and the instructor; the item
    awaits a new deposit, the earlier one stays visible for reference."""
    import_rem(ms_dui, parse_rem(read_table(_new_rem(ms_dui), "rem.xlsx")), actor=agency_admin)
    candidature = fixture["in_instruction"]
    migrate_to_catalogue_version(
        candidature, ms_dui.catalogue_versions.get(number=2), actor=agency_admin
    )
    chapter = ms_dui.requirements.get(code=CHANGED).chapter
    login(client, editor_member)
    grid = client.get(
        f"/candidatures/{candidature.pk}/preuves/?chapitre={chapter.code}&filtre=manquantes"
    ).content.decode()
    assert "À déposer de nouveau" in grid and "Rouverte le" in grid
    assert "exigence modifiée dans la version 2 du catalogue" in grid
    assert "ID d&#x27;exécution 1" in grid  # the old deposit, for reference
    login(client, instructor)
    bench = client.get(f"/instruction/{candidature.pk}/?chapitre={chapter.pk}").content.decode()
    assert "Rouverte le" in bench and "exigence modifiée dans la version 2 du catalogue" in bench
    assert "En attente de l'éditeur</span>" in bench  # the reopened item, not « conforme »
    reopened = candidature.evidence.get(requirement__code=CHANGED).versions.get()
    assert f"/instruction/{candidature.pk}/versions/{reopened.pk}/avis/" not in bench


def test_only_the_agency_admin_migrates_and_never_backwards(
    ms_dui, fixture, agency_admin, instructor
) -> None:
    from django.core.exceptions import PermissionDenied

    from referencement.core.errors import Conflict

    version = ms_dui.catalogue_versions.get(number=1)
    with pytest.raises(PermissionDenied):
        migrate_to_catalogue_version(fixture["depositing"], version, actor=instructor)
    with pytest.raises(Conflict):
        migrate_to_catalogue_version(fixture["depositing"], version, actor=agency_admin)


def test_the_migration_page_asks_for_confirmation_before_migrating(
    ms_dui, fixture, agency_admin, instructor, login_as
) -> None:
    import_rem(ms_dui, parse_rem(read_table(_new_rem(ms_dui), "rem.xlsx")), actor=agency_admin)
    url = "/administration/catalogues/MS-DUI-Va2/migration/"
    assert login_as(instructor).get(url).status_code == 403
    client = login_as(agency_admin)
    page = client.get(url).content.decode()
    assert "Alpha" in page and "Bêta" in page and "Gamma" not in page
    alpha = fixture["in_instruction"]
    review = client.post(url, {"candidature": [alpha.pk], "step": "review"}).content.decode()
    assert "Confirmer la migration de 1 candidature" in review and CHANGED in review
    alpha.refresh_from_db()
    assert alpha.catalogue_version.number == 1
    client.post(url, {"candidature": [alpha.pk], "step": "confirm"})
    alpha.refresh_from_db()
    assert alpha.catalogue_version.number == 2
    assert "Alpha" not in client.get(url).content.decode()
