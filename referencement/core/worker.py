"""The background worker: runs queued tasks (django-tasks database backend) and the
periodic sweeps, and leaves a heartbeat for /healthz."""

from __future__ import annotations

import logging
import socket
import threading
import uuid

from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker

from .models import WorkerHeartbeat
from .periodic import run_due_sweeps

logger = logging.getLogger(__name__)


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def run_once(worker_id: str) -> None:
    """One round: heartbeat, every ready task, every due sweep. The task runner closes
    stale connections itself, so tests that call this need transactional databases."""
    beat(worker_id)
    TaskWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
    run_due_sweeps()


def run_forever(
    stop: threading.Event, *, interval: float = 1.0, worker_id: str | None = None
) -> None:
    worker_id = worker_id or new_worker_id()
    logger.info("Worker %s démarré", worker_id)
    while not stop.is_set():
        try:
            run_once(worker_id)
        except Exception:
            logger.exception("Erreur du worker %s ; nouvel essai", worker_id)
        stop.wait(interval)
        close_old_connections()
