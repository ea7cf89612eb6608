"""Who sits and signs for a dossier at the collège (issue 16 item 7; 001 §4.5 and 004 §4.5:
the collège is « composé de membres de l'ANS participant à l'instruction du dossier »):
a yearly declaration of interests, automatic recusal, attendance, quorum and four eyes."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from referencement.accounts.choices import AGENCY_ROLES, Role
from referencement.accounts.interests import is_recused, latest_declaration, recusal_refusal
from referencement.accounts.models import User
from referencement.catalog.calendar import format_instant
from referencement.lib.french import plural

# « Déclaration d'intérêts » renewed every year: an older one no longer lets its author sit.
DECLARATION_VALIDITY = timedelta(days=365)


def may_sit(user) -> bool:
    """A seat in the collège, as primary or additional role (issue 16 item 7)."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.COLLEGE_MEMBER))


def may_run_sessions(user) -> bool:
    """Attendance, agenda and closing: a member of the collège or an agency admin."""
    return may_sit(user) or getattr(user, "is_agency_admin", False)


def college_members() -> list[User]:
    staff = User.objects.filter(is_active=True, role__in=sorted(AGENCY_ROLES))
    return [user for user in staff.order_by("full_name", "email") if may_sit(user)]


def declaration_refusal(user, at) -> str | None:
    declaration = latest_declaration(user)
    if declaration is None:
        return "Déposez votre déclaration d'intérêts avant de siéger au collège."
    if declaration.declared_at + DECLARATION_VALIDITY <= at:
        return (
            f"Votre déclaration d'intérêts du {format_instant(declaration.declared_at)} a plus "
            "d'un an : renouvelez-la avant de siéger au collège."
        )
    return None


def present_members(session) -> list[User]:
    return [a.member for a in session.attendance.filter(present=True).select_related("member")]


def recused_members(session, editor) -> list[User]:
    return [
        a.member
        for a in session.attendance.select_related("member")
        if is_recused(a.member, editor)
    ]


def quorum_refusal(session, candidature) -> str | None:
    """The quorum counts the members present who are not recused from the dossier."""
    eligible = [m for m in present_members(session) if not is_recused(m, candidature.editor)]
    if len(eligible) < settings.COLLEGE_QUORUM:
        members = plural(len(eligible), "membre présent", "membres présents")
        return (
            f"Quorum non atteint pour ce dossier : {members} sans récusation, "
            f"{settings.COLLEGE_QUORUM} requis."
        )
    return None


def signer_refusal(user, candidature, at) -> str | None:
    """Every signature of a collège act: a valid declaration, not recused."""
    return declaration_refusal(user, at) or recusal_refusal(user, candidature.editor)


def sitting_signer_refusal(session, candidature, user, at) -> str | None:
    """Recording or confirming a decision: a signer present at the sitting, quorum reached."""
    if not session.attendance.filter(member=user, present=True).exists():
        return "Vous n'êtes pas inscrit(e) présent(e) à cette séance."
    return signer_refusal(user, candidature, at) or quorum_refusal(session, candidature)


def second_signature_refusal(first_signer, user) -> str | None:
    """Four eyes: the act is confirmed by a member other than the one who recorded it; the
    dossier's instructor therefore never decides alone."""
    if first_signer.pk == user.pk:
        return (
            "Un acte du collège porte deux signatures : un autre membre que celui qui l'a "
            "enregistré doit le confirmer."
        )
    return None
