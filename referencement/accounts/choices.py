from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    """DESIGN §1: the roles of the platform (the public needs no account)."""

    EDITOR_MEMBER = "editor_member", "Membre d'un éditeur"
    EDITOR_ADMIN = "editor_admin", "Administrateur d'un éditeur"
    INSTRUCTOR = "instructor", "Instructeur"
    COLLEGE_MEMBER = "college_member", "Membre du collège"
    AGENCY_ADMIN = "agency_admin", "Administrateur de l'agence"


EDITOR_ROLES = frozenset({Role.EDITOR_MEMBER, Role.EDITOR_ADMIN})
AGENCY_ROLES = frozenset({Role.INSTRUCTOR, Role.COLLEGE_MEMBER, Role.AGENCY_ADMIN})


class TokenScope(models.TextChoices):
    """Issue 16 item 4: what an API token may do. Reading answers GET and HEAD; every other
    method (deposits, submissions, creations) needs the deposit scope."""

    READ = "read", "Lecture"
    DEPOSIT = "deposit", "Dépôt et modifications"


# The legal representative's name, function and e-mail change only through a request the
# agency validates (issue 16 item 6, `representative_actions`).
EDITABLE_EDITOR_FIELDS = (
    "legal_form",
    "head_office",
    "legal_representative_phone",
    "contact_name",
    "contact_email",
    "contact_phone",
)
