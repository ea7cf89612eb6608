from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """Last sign of life of each background worker, read by /healthz."""

    worker_id = models.CharField(max_length=100, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "signal de vie d'un worker"

    def __str__(self) -> str:
        return self.worker_id


class PeriodicRun(models.Model):
    """When each periodic sweep is due next. Workers claim a run with an optimistic update,
    so two workers never run the same sweep twice for one period."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tâche périodique"

    def __str__(self) -> str:
        return self.name


class IdempotencyKey(models.Model):
    """A creation request already served (issue 16 item 1): a double submit of the same form,
    or an API client retrying with the same `Idempotency-Key`, gets the object the first
    request created instead of a second one. Kept 24 hours."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # What the key was used for: the same key on another request is refused.
    scope = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True)
    created_object = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = "clé d'idempotence"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
