"""Background jobs: a task left by a dead worker is retried and completes once."""

from __future__ import annotations

import re
import signal
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from referencement.audit.actions import record
from referencement.audit.models import AuditEvent
from referencement.cli import main
from referencement.core.models import WorkerHeartbeat
from referencement.core.worker import requeue_orphaned_tasks, run_once

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def record_run(key: str) -> None:
    record("test.job_done", new={"key": key})


@task()
def press(signal_name: str) -> None:
    """A job that sends the worker's own process a signal, as Ctrl+C or a service stop."""
    signal.raise_signal(signal.Signals[signal_name])


def claimed_by(worker_id: str, *, minutes_ago: int) -> DBTaskResult:
    result = record_run.enqueue("k1")
    started = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=[worker_id]
    )
    WorkerHeartbeat.objects.create(worker_id=worker_id, seen_at=started)
    return DBTaskResult.objects.get(pk=result.id)


def test_task_of_a_killed_worker_is_requeued_and_completes_once():
    job = claimed_by("mort", minutes_ago=10)
    assert requeue_orphaned_tasks() == 1
    assert requeue_orphaned_tasks() == 0
    run_once("vivant")
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert AuditEvent.objects.filter(action="test.job_done").count() == 1


def test_one_worker_pass_says_what_it_ran(capsys):
    record_run.enqueue("k1")
    record_run.enqueue("k2")
    assert main(["worker", "--once"]) == 0
    assert re.fullmatch(
        r"Passage terminé : 2 tâches exécutées, \d+ tâches? périodiques? lancées?\.\n",
        capsys.readouterr().out,
    )
    assert AuditEvent.objects.filter(action="test.job_done").count() == 2


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_worker_stops_on_a_signal_and_gives_the_previous_handlers_back(signal_name):
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    before = {sig: signal.getsignal(sig) for sig in stop_signals}
    press.enqueue(signal_name)
    assert main(["worker", "--interval", "0"]) == 0
    assert {sig: signal.getsignal(sig) for sig in stop_signals} == before


def test_task_of_a_live_worker_is_left_alone():
    job = claimed_by("occupe", minutes_ago=10)
    WorkerHeartbeat.objects.filter(worker_id="occupe").update(seen_at=timezone.now())
    assert requeue_orphaned_tasks() == 0
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


# Enough jobs for both workers to claim side by side for seconds (each job writes an audit
# row, chained one after another); 1,000 proved nothing more and took 25 s.
JOBS = 300


def test_two_workers_do_each_of_300_jobs_exactly_once(settings):
    import os
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("several worker processes share a database server on PostgreSQL only")
    for i in range(JOBS):
        record_run.enqueue(f"job-{i}")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REFERENCEMENT_HOME": str(settings.HOME),
    }
    command = [sys.executable, "-m", "referencement.cli", "worker", "--once"]
    workers = [subprocess.Popen(command, env=env) for _ in range(2)]
    assert [w.wait(timeout=300) for w in workers] == [0, 0]
    done = AuditEvent.objects.filter(action="test.job_done")
    assert done.count() == JOBS
    assert done.values("new_values__key").distinct().count() == JOBS
    runners = DBTaskResult.objects.values_list("worker_ids", flat=True)
    assert len({ids[0] for ids in runners}) == 2, "both workers took part"
    assert all(len(ids) == 1 for ids in runners)
