"""E-mails to the people of a candidate editor, sent once the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Candidature


def notify_editor(candidature: Candidature, subject: str, body: str) -> None:
    recipients = list(
        candidature.editor.members.filter(is_active=True).values_list("email", flat=True)
    )
    if not recipients:
        return
    full_subject = f"[Référencement] {candidature.solution_name} — {subject}"
    link = f"{settings.SITE_URL}/candidatures/{candidature.pk}/"
    transaction.on_commit(
        lambda: send_mail(full_subject, f"{body}\n\n{link}", None, recipients, fail_silently=True)
    )
