"""Telling an editor, or agency staff, about an event: one inbox row per person, and an
e-mail each, sent by the background worker once the transaction has committed (STYLE.md
§2)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from referencement.accounts.models import User
from referencement.catalog.calendar import format_instant

from .models import Notification


def notify_editor(
    candidature,
    *,
    kind: str,
    title: str,
    body: str,
    deadline: datetime | None = None,
    link: str = "",
) -> list[Notification]:
    """Notify every active member of the candidature's editor (001 §4.5: « via la plateforme
    Convergence, ainsi que par courriel »), with the deadline when there is one."""
    recipients = User.objects.filter(editor_id=candidature.editor_id, is_active=True)
    return notify_users(
        recipients, candidature, kind=kind, title=title, body=body, deadline=deadline, link=link
    )


def notify_users(
    recipients: Iterable[User],
    candidature,
    *,
    kind: str,
    title: str,
    body: str,
    deadline: datetime | None = None,
    link: str = "",
) -> list[Notification]:
    """One inbox row per recipient about the candidature, and an e-mail each once the
    transaction has committed."""
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            candidature=candidature,
            kind=kind,
            title=title,
            body=body,
            deadline=deadline,
            link=link,
        )
        for user in recipients
    )
    ids = [n.pk for n in notifications]  # bulk_create returns keys on SQLite and PostgreSQL
    if ids:
        from .tasks import deliver_emails

        transaction.on_commit(lambda: deliver_emails.enqueue(ids))
    return notifications


def send_email(notification: Notification) -> bool:
    """Send one notification by e-mail, once (the worker may retry a batch)."""
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    lines = [notification.body]
    if notification.deadline:
        lines.append(f"Échéance : {format_instant(notification.deadline)}.")
    if notification.link:
        lines.append(f"Détails : {settings.SITE_URL}{notification.link}")
    lines.append("Ce message est aussi disponible dans votre espace, rubrique « Notifications ».")
    try:
        send_mail(
            f"[Référencement Ségur] {notification.title}",
            "Bonjour,\n\n" + "\n\n".join(lines) + "\n",
            None,
            [notification.recipient.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return True


def mark_read(user, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
