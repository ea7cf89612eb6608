"""Creation requests served once (issue 16 item 1). A form carries a key generated when it
is rendered, an API client sends an `Idempotency-Key` header: a second request with the
same key gets the object the first one created instead of creating another."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .errors import Conflict
from .models import IdempotencyKey

M = TypeVar("M", bound=models.Model)

KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255
HEADER = "Idempotency-Key"
# The operation's description in the API schema.
IDEMPOTENT = (
    f"En-tête facultatif `{HEADER}` (au plus {MAX_KEY_LENGTH} caractères) : une requête "
    "répétée avec la même clé dans les 24 heures renvoie le résultat de la première au lieu "
    "de créer de nouveau."
)


class IdempotencyKeyField(forms.CharField):
    """Hidden; a fresh key at each rendering of the form, the same key when it is posted
    twice (double click, back and resubmit)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            widget=forms.HiddenInput,
            required=False,
            max_length=MAX_KEY_LENGTH,
            initial=lambda: secrets.token_urlsafe(24),
            **kwargs,
        )


def header_key(request: HttpRequest) -> str:
    return request.headers.get(HEADER, "")


def once(user, key: str, scope: str, create: Callable[[], M]) -> M:
    """Run `create` once per user and key; a repeated key returns what the first run
    created. The key is claimed in the creation's transaction: a concurrent duplicate waits
    for the first to commit (then returns its object) or to fail (then creates itself)."""
    key = key.strip()
    if not key:
        return create()
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            f"La clé d'idempotence dépasse {MAX_KEY_LENGTH} caractères.", code="idempotency"
        )
    with transaction.atomic():
        expired(user=user, key=key).delete()
        claim, claimed = IdempotencyKey.objects.get_or_create(
            user=user, key=key, defaults={"scope": scope}
        )
        if not claimed:
            if claim.scope != scope or claim.created_object is None:
                raise Conflict("Cette clé d'idempotence a déjà servi pour une autre requête.")
            return claim.created_object
        created = create()
        claim.created_object = created
        claim.save(update_fields=["content_type", "object_id"])
        return created


def expired(**filters) -> models.QuerySet[IdempotencyKey]:
    return IdempotencyKey.objects.filter(created_at__lte=timezone.now() - KEY_LIFETIME, **filters)


def purge_expired_keys() -> int:
    """Periodic, idempotent: keys older than 24 hours are forgotten."""
    return expired().delete()[0]
