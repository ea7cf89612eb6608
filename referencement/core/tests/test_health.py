from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError
from django.utils import timezone

from referencement.core.worker import run_once

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_missing_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["worker"]["status"] == "absent"


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_worker_heartbeat_age(client):
    run_once("worker-test")
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["worker"]["status"] == "ok"
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["worker"]["age_seconds"] >= 600


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from referencement.core import health

    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
