"""Issue 15 item 6 (DESIGN §1: « Instructors see all dossiers of the dispositifs they are
assigned to »): agency admins assign instructors to dispositifs, audited; the queue, the
candidatures list and the home panels show an instructor their dispositifs only (none
without assignment, said so), agency admins every dossier."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from conftest import login
from referencement.audit.models import AuditEvent
from referencement.candidatures.models import Candidature
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


SCOPED_PAGES = ["/instruction/", "/candidatures/"]


@pytest.mark.parametrize("url", SCOPED_PAGES)
def test_an_assigned_instructor_sees_only_their_dispositifs(
    client, agency_admin, instructor, two_dispositifs, url
):
    assign_dispositifs(instructor, [two_dispositifs["MS-DUI-Va2"]], actor=agency_admin)
    login(client, instructor)
    mine = client.get(url).content.decode()
    assert "Solution MS-DUI-Va2" in mine and "Solution HOP-PFI-Va2" not in mine
    assert "Dossiers des dispositifs qui vous sont affectés" in mine
    # « tous » is no way around the assignment, nor is the queue's dispositif filter.
    assert "Solution HOP-PFI-Va2" not in client.get(url, {"tous": "1"}).content.decode()
    other = two_dispositifs["HOP-PFI-Va2"]
    filtered = client.get("/instruction/", {"dispositif": other.pk}).content.decode()
    assert "Solution HOP-PFI-Va2" not in filtered


@pytest.mark.parametrize("url", SCOPED_PAGES)
def test_an_instructor_without_assignment_sees_no_dossier_and_is_told_why(
    client, instructor, two_dispositifs, url
):
    login(client, instructor)
    page = client.get(url).content.decode()
    assert "Solution MS-DUI-Va2" not in page and "Solution HOP-PFI-Va2" not in page
    assert "Aucun dispositif ne vous est affecté" in page


def test_the_home_worklists_count_only_the_instructors_dispositifs(
    client, agency_admin, instructor, two_dispositifs
):
    login(client, instructor)
    assert "Aucun dispositif ne vous est affecté" in client.get("/").content.decode()
    assign_dispositifs(instructor, [two_dispositifs["MS-DUI-Va2"]], actor=agency_admin)
    home = client.get("/").content.decode()
    assert "Aucun dispositif ne vous est affecté" not in home
    login(client, agency_admin)
    assert "Aucun dispositif ne vous est affecté" not in client.get("/").content.decode()


@pytest.mark.parametrize("url", SCOPED_PAGES)
def test_an_agency_admin_sees_every_dossier(client, agency_admin, instructor, two_dispositifs, url):
    assign_dispositifs(instructor, [two_dispositifs["MS-DUI-Va2"]], actor=agency_admin)
    login(client, agency_admin)
    page = client.get(url).content.decode()
    assert "Solution MS-DUI-Va2" in page and "Solution HOP-PFI-Va2" in page
    assert "affecté" not in page


def test_an_instructor_still_opens_a_dossier_of_another_dispositif_by_its_address(
    client, agency_admin, instructor, two_dispositifs
):
    """A colleague takes over or gives the second look (DESIGN §1 restricts the lists,
    confidentiality separates editors, not instructors)."""
    assign_dispositifs(instructor, [two_dispositifs["MS-DUI-Va2"]], actor=agency_admin)
    other = Candidature.objects.get(dispositif=two_dispositifs["HOP-PFI-Va2"])
    login(client, instructor)
    assert client.get(f"/candidatures/{other.pk}/").status_code == 200
