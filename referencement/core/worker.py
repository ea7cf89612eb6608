"""The background worker: runs queued tasks (django-tasks database backend) and the
periodic sweeps, and leaves a heartbeat for /healthz and for the orphan sweep.

Several workers may run at once (on PostgreSQL): the task backend claims each task with
SELECT … FOR UPDATE SKIP LOCKED, and periodic sweeps are claimed per period. A worker that
dies mid-task leaves its task RUNNING; `requeue_orphaned_tasks` puts it back in the queue
once the worker's heartbeat is stale, so tasks must be idempotent."""

from __future__ import annotations

import logging
import socket
import threading
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat
from .periodic import register_sweep, run_due_sweeps

HEARTBEAT_SECONDS = 10

logger = logging.getLogger(__name__)


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def run_once(worker_id: str) -> list[str]:
    """One round: heartbeat, every ready task, every due sweep (their names are returned).
    The task runner closes stale connections itself, so tests that call this need
    transactional databases."""
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
    return run_due_sweeps()


def requeue_orphaned_tasks() -> int:
    """Put back in the queue the tasks left RUNNING by a worker whose heartbeat is stale."""
    stale_before = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=stale_before).values_list(
            "worker_id", flat=True
        )
    )
    requeued = 0
    for task in DBTaskResult.objects.running().filter(started_at__lt=stale_before):
        if task.worker_ids and task.worker_ids[-1] in alive:
            continue
        requeued += DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
    if requeued:
        logger.warning("Tâches orphelines remises en file : %d", requeued)
    return requeued


register_sweep("requeue_orphaned_tasks", timedelta(minutes=1), requeue_orphaned_tasks)


def _beat_until(stop: threading.Event, worker_id: str) -> None:
    """Beats from its own thread, so a long task does not look like a dead worker."""
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            beat(worker_id)
        except Exception:
            logger.exception("Signal de vie du worker %s impossible", worker_id)
        finally:
            close_old_connections()


def run_forever(
    stop: threading.Event, *, interval: float = 1.0, worker_id: str | None = None
) -> None:
    worker_id = worker_id or new_worker_id()
    logger.info("Worker %s démarré", worker_id)
    threading.Thread(target=_beat_until, args=(stop, worker_id), daemon=True).start()
    while not stop.is_set():
        try:
            run_once(worker_id)
        except Exception:
            logger.exception("Erreur du worker %s ; nouvel essai", worker_id)
        stop.wait(interval)
        close_old_connections()
