"""DESIGN §1: an editor member sees only their own editor; another editor gets 404."""

from __future__ import annotations

import pytest

from conftest import login
from referencement.accounts import actions

pytestmark = pytest.mark.django_db


def editor_scoped_urls(editor, member, invitation) -> list[tuple[str, str]]:
    return [
        ("get", f"/editeurs/{editor.pk}/"),
        ("post", f"/editeurs/{editor.pk}/"),
        ("get", f"/editeurs/{editor.pk}/modifier/"),
        ("post", f"/editeurs/{editor.pk}/modifier/"),
        ("get", f"/editeurs/{editor.pk}/membres/{member.pk}/role/"),
        ("post", f"/editeurs/{editor.pk}/membres/{member.pk}/role/"),
        ("get", f"/editeurs/{editor.pk}/membres/{member.pk}/retirer/"),
        ("post", f"/editeurs/{editor.pk}/membres/{member.pk}/retirer/"),
        ("post", f"/invitations/{invitation.pk}/annuler/"),
    ]


@pytest.mark.parametrize("intruder_fixture", ["other_editor_admin", "other_editor_member"])
def test_another_editor_gets_404_on_every_editor_scoped_url(
    request, client, editor_admin, editor_member, intruder_fixture
):
    invitation = actions.invite(
        actor=editor_admin, editor=editor_admin.editor, email="n@exemple.test", role="editor_member"
    )
    login(client, request.getfixturevalue(intruder_fixture))
    for method, url in editor_scoped_urls(editor_admin.editor, editor_member, invitation):
        response = getattr(client, method)(url, {"email": "x@exemple.test", "role": "editor_admin"})
        assert response.status_code == 404, (method, url, response.status_code)
    editor_member.refresh_from_db()
    assert editor_member.is_active and editor_member.role == "editor_member"


def test_a_plain_member_cannot_manage_members_of_their_own_editor(
    client, editor_admin, editor_member
):
    login(client, editor_member)
    assert (
        client.get(
            f"/editeurs/{editor_admin.editor_id}/membres/{editor_admin.pk}/retirer/"
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/editeurs/{editor_admin.editor_id}/",
            {"email": "x@exemple.test", "role": "editor_member"},
        ).status_code
        == 403
    )


def test_editor_pages_require_login(client, editor):
    response = client.get(f"/editeurs/{editor.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


@pytest.mark.parametrize("url", ["/administration/editeurs/", "/administration/utilisateurs/"])
def test_agency_admin_pages_are_refused_to_editors_and_instructors(
    client, editor_admin, instructor, url
):
    for user in (editor_admin, instructor):
        login(client, user)
        assert client.get(url).status_code == 403


def test_the_editor_admin_completes_the_editor_information_but_a_member_cannot(
    client, editor_admin, editor_member
):
    editor = editor_admin.editor
    login(client, editor_member)
    assert client.get(f"/editeurs/{editor.pk}/modifier/").status_code == 403
    login(client, editor_admin)
    page = client.get(f"/editeurs/{editor.pk}/").content.decode()
    assert "Modifier les informations de l'éditeur" in page
    data = {
        "legal_form": "SAS",
        "head_office": "2 rue Neuve, 75000 Paris",
        "legal_representative": "Camille Exemple",
        "legal_representative_function": "Présidente",
        "legal_representative_email": editor.legal_representative_email,
        "legal_representative_phone": "0102030405",
        "contact_name": "Dominique Contact",
        "contact_email": editor.contact_email,
        "contact_phone": "0102030406",
        "siret": "00000000000000",
    }
    response = client.post(f"/editeurs/{editor.pk}/modifier/", data)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.legal_representative_phone == "0102030405"
    # Issue 16 item 6: the representative changes only through a request the agency validates.
    assert editor.legal_representative_function == ""
    assert editor.siret != "00000000000000"  # name and SIRET stay as the agency registered
