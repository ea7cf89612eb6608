"""The demo's people: fictional editors and agency staff, created through the account
actions (editor registration, invitations accepted), all sharing one demo password."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from stdnum import luhn

from referencement.accounts import actions
from referencement.accounts.choices import Role
from referencement.accounts.models import RepresentativeRequest, User
from referencement.accounts.representative_actions import (
    request_representative_change,
    validate_representative,
)
from referencement.catalog.models import Dispositif
from referencement.instruction.assignment_actions import assign_dispositifs

from .documents import demo_pdf

DEMO_PASSWORD = "Demo-Referencement-2026"
AGENCY_DOMAIN = "agence.demo.example"


def fictional_siret(n: int) -> str:
    """A Luhn-valid SIRET in the 9xxxxxxx SIREN range, which no real company uses here."""
    siren = f"9{n:07d}"
    siren += luhn.calc_check_digit(siren)
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


@dataclass(frozen=True)
class EditorSpec:
    name: str
    slug: str
    city: str
    representative: str
    member: str


EDITORS = (
    EditorSpec("Hêtre Logiciels Santé", "hetre", "Lyon", "Alix Démonstration", "Sacha Fictif"),
    EditorSpec("Cèdre Numérique Médical", "cedre", "Nantes", "Noa Exemple", "Lou Imaginaire"),
    EditorSpec("Saule Informatique", "saule", "Lille", "Eden Prototype", "Maxime Illustratif"),
    EditorSpec("Orme Solutions Médico-sociales", "orme", "Rennes", "Charlie Modèle", "Yaël Essai"),
)

AGENCY_STAFF = (
    ("instruction1", "Claude Instructeur", Role.INSTRUCTOR),
    ("instruction2", "Dominique Instructrice", Role.INSTRUCTOR),
    ("college1", "Morgan Collège", Role.COLLEGE_MEMBER),
    ("college2", "Andréa Collège", Role.COLLEGE_MEMBER),
)


@dataclass
class DemoEditor:
    editor: object
    representative: User  # editor admin, the legal representative who signs conventions
    member: User


@dataclass
class Agency:
    admin: User
    instructors: list[User]
    college: list[User]


def _join(inviter: User, email: str, full_name: str, role: str, editor=None) -> User:
    invitation = actions.invite(actor=inviter, email=email, role=role, editor=editor)
    return actions.accept_invitation(invitation.token, full_name=full_name, password=DEMO_PASSWORD)


def create_agency() -> Agency:
    """The demo admin is the instance's first admin, or is invited by the existing one."""
    email = f"admin@{AGENCY_DOMAIN}"
    admin, _ = actions.ensure_first_admin(email, DEMO_PASSWORD)
    if admin is None:
        first = User.objects.filter(role=Role.AGENCY_ADMIN, is_active=True).order_by("pk").first()
        admin = _join(first, email, "Administrateur de démonstration", Role.AGENCY_ADMIN)
    staff = [
        _join(admin, f"{login}@{AGENCY_DOMAIN}", name, role) for login, name, role in AGENCY_STAFF
    ]
    # Issue 16 item 7: an instructor who also sits in the collège (roles as a set).
    actions.set_college_seat(staff[1], True, actor=admin)
    instructors = [u for u in staff if u.role == Role.INSTRUCTOR]
    # Issue 15 item 6: an instructor's lists show the dispositifs assigned to them.
    for instructor in instructors:
        assign_dispositifs(instructor, Dispositif.objects.all(), actor=admin)
    return Agency(
        admin=admin,
        instructors=instructors,
        college=[u for u in staff if u.role == Role.COLLEGE_MEMBER],
    )


def create_editors(agency: Agency) -> list[DemoEditor]:
    editors = []
    for n, spec in enumerate(EDITORS, start=1):
        domain = f"{spec.slug}.demo.example"
        representative_email = f"direction@{domain}"
        editor = actions.create_editor(
            actor=agency.admin,
            name=spec.name,
            siret=fictional_siret(9000 + n),
            legal_form="SAS",
            head_office=f"{n} rue de la Démonstration, {spec.city}",
            legal_representative=spec.representative,
            legal_representative_function="Président",
            legal_representative_email=representative_email,
            legal_representative_phone=f"01000000{n:02d}",
            contact_name=spec.member,
            contact_email=f"contact@{domain}",
            contact_phone=f"01000001{n:02d}",
        )
        representative = _join(
            agency.admin, representative_email, spec.representative, Role.EDITOR_ADMIN, editor
        )
        member = _join(representative, f"equipe@{domain}", spec.member, Role.EDITOR_MEMBER, editor)
        _verify_representative(agency, editor, representative, spec.representative)
        editors.append(DemoEditor(editor, representative, member))
    return editors


def _verify_representative(agency: Agency, editor, representative: User, name: str) -> None:
    """Issue 16 item 6: the signatory is the one the agency validated on the Kbis."""
    change = request_representative_change(
        editor,
        actor=representative,
        user=representative,
        full_name=name,
        function="Président",
        kind=RepresentativeRequest.Document.KBIS,
        document=ContentFile(demo_pdf(f"Extrait Kbis — {editor.name}"), name="kbis.pdf"),
    )
    validate_representative(change, actor=agency.admin)
