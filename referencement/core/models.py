from __future__ import annotations

from django.db import models


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
