"""Who may see what among accounts and editors (DESIGN §1: an editor member sees only their
own editor; agency staff see every editor)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import Editor, User


def editors_visible_to(user: User) -> QuerySet[Editor]:
    if user.is_agency_staff:
        return Editor.objects.all()
    if user.is_editor:
        return Editor.objects.filter(pk=user.editor_id)
    return Editor.objects.none()


def may_manage_members(user: User, editor: Editor) -> bool:
    return user.is_agency_admin or (user.is_editor_admin and user.editor_id == editor.pk)


def is_legal_representative(user, editor) -> bool:
    """001 §4.3 « la personne […] ayant le pouvoir d'engager la responsabilité de l'Editeur »
    accepts the charter, and 001 §4.5 the editor signs the convention. Issue 16 item 6: only
    through the account the agency validated as its legal representative or as the delegate
    they named (Kbis or delegation checked, accounts/representative_actions.py)."""
    return bool(
        getattr(user, "is_editor", False)
        and user.is_active
        and user.editor_id == editor.pk
        and editor.legal_representative_user_id == user.pk
    )


def address_block_minutes(blocks: int, base_minutes: int, max_minutes: int) -> int:
    """Exponential back-off (issue 16 item 3): the n-th block of an address lasts
    base × 2^(n-1) minutes, at most max_minutes."""
    return min(base_minutes * 2 ** max(blocks - 1, 0), max_minutes)


def second_factor_is_fresh(checked_at: datetime | None) -> bool:
    """Issue 16 item 4: a sensitive act (creating an API token) follows a second-factor
    check made within the last SECOND_FACTOR_FRESH_SECONDS."""
    if checked_at is None:
        return False
    age = timezone.now() - checked_at
    return timedelta(0) <= age <= timedelta(seconds=settings.SECOND_FACTOR_FRESH_SECONDS)
