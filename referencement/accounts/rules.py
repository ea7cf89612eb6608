"""Who may see what among accounts and editors (DESIGN §1: an editor member sees only their
own editor; agency staff see every editor)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Editor, User


def editors_visible_to(user: User) -> QuerySet[Editor]:
    if user.is_agency_staff:
        return Editor.objects.all()
    if user.is_editor:
        return Editor.objects.filter(pk=user.editor_id)
    return Editor.objects.none()


def may_manage_members(user: User, editor: Editor) -> bool:
    return user.is_agency_admin or (user.is_editor_admin and user.editor_id == editor.pk)
