"""Editor admins invite members by e-mail link; passwords follow SC.SSI/IAM.92 (001 §3.2.7)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conftest import fictional_siret, login
from referencement.accounts import actions
from referencement.accounts.models import User
from referencement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=False)

GOOD_PASSWORD = "Tournesol-Bleu-Ardoise-42"


def invitation_link(django_capture_on_commit_callbacks, **kwargs) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(**kwargs)
    return re.search(r"http://\S+/invitation/(\S+)/", mail.outbox[-1].body).group(1)


def test_editor_admin_invites_a_member_who_creates_an_account(
    client, editor_admin, django_capture_on_commit_callbacks
):
    login(client, editor_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/editeurs/{editor_admin.editor_id}/",
            {"email": "nouveau@exemple.test", "role": "editor_member"},
        )
    assert response.status_code == 302
    token = re.search(r"/invitation/(\S+)/", mail.outbox[0].body).group(1)
    client.post("/deconnexion/")
    response = client.post(
        f"/invitation/{token}/",
        {
            "full_name": "Nouvelle Personne",
            "password": GOOD_PASSWORD,
            "password_confirm": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    member = User.objects.get(email="nouveau@exemple.test")
    assert member.editor_id == editor_admin.editor_id and member.role == "editor_member"
    assert AuditEvent.objects.filter(action="account.created", subject_id=str(member.pk)).exists()
    assert client.get(f"/invitation/{token}/").status_code == 404  # single use


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court-1a", "trop court"),
        ("nouveau@exemple.test", "trop semblable"),
        ("qwertyuiop123", "trop courant"),
    ],
)
def test_password_policy_is_enforced(
    client, editor_admin, django_capture_on_commit_callbacks, password, message
):
    token = invitation_link(
        django_capture_on_commit_callbacks,
        actor=editor_admin,
        editor=editor_admin.editor,
        email="nouveau@exemple.test",
        role="editor_member",
    )
    response = client.post(
        f"/invitation/{token}/",
        {"full_name": "X", "password": password, "password_confirm": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="nouveau@exemple.test").exists()


def test_invitation_expires(client, editor_admin, django_capture_on_commit_callbacks, settings):
    token = invitation_link(
        django_capture_on_commit_callbacks,
        actor=editor_admin,
        editor=editor_admin.editor,
        email="tard@exemple.test",
        role="editor_member",
    )
    with time_machine.travel(timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS + 1)):
        assert client.get(f"/invitation/{token}/").status_code == 404


def test_a_member_cannot_invite(editor_member):
    with pytest.raises(PermissionDenied):
        actions.invite(
            actor=editor_member,
            editor=editor_member.editor,
            email="x@exemple.test",
            role="editor_member",
        )


def test_an_editor_admin_cannot_invite_into_another_editor(editor_admin, other_editor):
    with pytest.raises(PermissionDenied):
        actions.invite(
            actor=editor_admin, editor=other_editor, email="x@exemple.test", role="editor_member"
        )


def test_an_editor_admin_cannot_create_agency_staff(editor_admin):
    with pytest.raises(PermissionDenied):
        actions.invite(
            actor=editor_admin,
            editor=editor_admin.editor,
            email="x@exemple.test",
            role="instructor",
        )


def test_agency_admin_creates_an_editor_and_invites_its_first_admin(
    client, agency_admin, django_capture_on_commit_callbacks
):
    login(client, agency_admin)
    data = {
        "name": "Logiciels Fictifs SAS",
        "siret": fictional_siret(9),
        "legal_form": "SAS",
        "head_office": "2 place Imaginaire, 69000 Lyon",
        "legal_representative": "Alex Fictif",
        "legal_representative_email": "",
        "contact_name": "Sam Fictif",
        "contact_email": "sam@fictif.example",
        "contact_phone": "",
        "first_admin_email": "admin@fictif.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/administration/editeurs/nouveau/", data)
    assert response.status_code == 302, response.content.decode()
    assert mail.outbox[0].to == ["admin@fictif.example"]
    assert AuditEvent.objects.filter(action="editor.created").exists()


def test_editor_siret_is_checked(client, agency_admin):
    login(client, agency_admin)
    response = client.post(
        "/administration/editeurs/nouveau/", {"name": "X", "siret": "12345678901234"}
    )
    assert "SIRET n&#x27;est pas valide" in response.content.decode()


def test_removing_a_member_asks_for_confirmation_and_keeps_the_account(
    client, editor_admin, editor_member
):
    login(client, editor_admin)
    url = f"/editeurs/{editor_admin.editor_id}/membres/{editor_member.pk}/retirer/"
    assert "Confirmer" in client.get(url).content.decode()
    editor_member.refresh_from_db()
    assert editor_member.is_active
    client.post(url)
    editor_member.refresh_from_db()
    assert not editor_member.is_active
    assert AuditEvent.objects.filter(
        action="account.deactivated", subject_id=str(editor_member.pk)
    ).exists()


def test_role_change_is_traced(client, editor_admin, editor_member):
    login(client, editor_admin)
    client.post(
        f"/editeurs/{editor_admin.editor_id}/membres/{editor_member.pk}/role/",
        {"role": "editor_admin"},
    )
    event = AuditEvent.objects.get(action="account.role_changed")
    assert event.old_values == {"role": "editor_member"} and event.new_values == {
        "role": "editor_admin"
    }


def test_nobody_changes_their_own_role(editor_admin):
    with pytest.raises(PermissionDenied):
        actions.change_role(editor_admin, "editor_member", actor=editor_admin)
