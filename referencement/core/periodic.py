"""Periodic sweeps run by the background worker (deadline sweeps, reminders...).

Apps register their sweeps in their AppConfig.ready(); each sweep must be idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError
from django.utils import timezone

from .models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sweep:
    name: str
    every: timedelta
    run: Callable[[], object]


SWEEPS: dict[str, Sweep] = {}


def register_sweep(name: str, every: timedelta, run: Callable[[], object]) -> None:
    SWEEPS[name] = Sweep(name, every, run)


def claim(sweep: Sweep) -> bool:
    """Claim this period of the sweep; True for exactly one worker."""
    now = timezone.now()
    run = PeriodicRun.objects.filter(name=sweep.name).first()
    if run is None:
        try:
            PeriodicRun.objects.create(
                name=sweep.name, next_run_at=now + sweep.every, last_run_at=now
            )
        except IntegrityError:
            return False
        return True
    if run.next_run_at > now:
        return False
    claimed = PeriodicRun.objects.filter(pk=run.pk, next_run_at=run.next_run_at).update(
        next_run_at=now + sweep.every, last_run_at=now
    )
    return claimed == 1


def run_due_sweeps() -> list[str]:
    """Run every sweep that is due and claimed by this worker; returns their names."""
    ran = []
    for sweep in SWEEPS.values():
        if claim(sweep):
            try:
                sweep.run()
            except Exception:
                logger.exception("La tâche périodique %s a échoué", sweep.name)
            ran.append(sweep.name)
    return ran
