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
