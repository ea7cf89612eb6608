"""E-mails go out from the background worker (DESIGN §6), a thin wrapper around the action."""

from __future__ import annotations

from django_tasks import task

from .actions import send_email
from .models import Notification


@task()
def deliver_emails(notification_ids: list[int]) -> int:
    notifications = Notification.objects.select_related("recipient").filter(pk__in=notification_ids)
    return sum(send_email(notification) for notification in notifications)
