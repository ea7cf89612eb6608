"""Issue 15 item 6 (DESIGN §1: « Instructors see all dossiers of the dispositifs they are
assigned to »): agency admins assign instructors to dispositifs, audited; the queue and the
candidatures lists show an instructor their dispositifs by default, every dossier on demand."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from conftest import login
from referencement.audit.models import AuditEvent
from referencement.instruction.assignment_actions import assign_dispositifs
from referencement.instruction.models import DispositifAssignment

from .fixtures import make_candidature

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_dispositifs(catalogues, editor, editor_member):
    for code in ("MS-DUI-Va2", "HOP-PFI-Va2"):
        make_candidature(
            catalogues[code],
            editor=editor,
            created_by=editor_member,
            evidence=0,
            solution_name=f"Solution {code}",
        )
    return catalogues


def test_an_agency_admin_assigns_an_instructor_and_the_change_is_audited(
    client, agency_admin, instructor, catalogues
):
    login(client, agency_admin)
    page = client.get(f"/administration/instructeurs/{instructor.pk}/")
    assert "Dispositifs instruits" in page.content.decode()
    dui = catalogues["MS-DUI-Va2"]
    response = client.post(
        f"/administration/instructeurs/{instructor.pk}/", {"dispositifs": [dui.pk]}
    )
    assert response.status_code == 302
    assert list(instructor.dispositif_assignments.values_list("dispositif__code", flat=True)) == [
        "MS-DUI-Va2"
    ]
    event = AuditEvent.objects.get(action="instruction.dispositifs_assigned")
    assert (event.old_values, event.new_values) == (
        {"dispositifs": []},
        {"dispositifs": ["MS-DUI-Va2"]},
    )
    assert "MS-DUI-Va2" in client.get("/administration/instructeurs/").content.decode()
    client.post(f"/administration/instructeurs/{instructor.pk}/", {"dispositifs": []})
    assert not DispositifAssignment.objects.exists()
    assert AuditEvent.objects.filter(action="instruction.dispositifs_assigned").count() == 2


def test_only_agency_admins_assign_instructors(client, instructor, catalogues):
    login(client, instructor)
    assert client.get("/administration/instructeurs/").status_code == 403
    response = client.post(
        f"/administration/instructeurs/{instructor.pk}/",
        {"dispositifs": [catalogues["MS-DUI-Va2"].pk]},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        assign_dispositifs(instructor, [catalogues["MS-DUI-Va2"]], actor=instructor)
    assert not DispositifAssignment.objects.exists()


@pytest.mark.parametrize("url", ["/instruction/", "/candidatures/"])
def test_an_assigned_instructor_sees_their_dispositifs_by_default_and_all_on_demand(
    client, agency_admin, instructor, two_dispositifs, url
):
    login(client, instructor)
    unassigned = client.get(url).content.decode()
    assert "Solution MS-DUI-Va2" in unassigned and "Solution HOP-PFI-Va2" in unassigned
    assign_dispositifs(instructor, [two_dispositifs["MS-DUI-Va2"]], actor=agency_admin)
    mine = client.get(url).content.decode()
    assert "Solution MS-DUI-Va2" in mine and "Solution HOP-PFI-Va2" not in mine
    assert "Afficher tous les dossiers" in mine
    everything = client.get(url, {"tous": "1"}).content.decode()
    assert "Solution HOP-PFI-Va2" in everything


def test_an_agency_admin_sees_every_dossier_by_default(
    client, agency_admin, instructor, two_dispositifs
):
    assign_dispositifs(instructor, [two_dispositifs["MS-DUI-Va2"]], actor=agency_admin)
    login(client, agency_admin)
    page = client.get("/instruction/").content.decode()
    assert "Solution HOP-PFI-Va2" in page and "Afficher tous les dossiers" not in page
