from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from .models import WorkerHeartbeat


def health_report() -> tuple[bool, dict]:
    """(database reachable, report). The worker's age is reported, not required."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # any driver error means "unreachable" to an operator
        return False, {"status": "error", "database": f"indisponible : {exc.__class__.__name__}"}
    last = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    if last is None:
        worker = {"status": "absent", "last_heartbeat": None, "age_seconds": None}
    else:
        age = (timezone.now() - last).total_seconds()
        stale = age > settings.WORKER_HEARTBEAT_STALE_SECONDS
        worker = {
            "status": "en retard" if stale else "ok",
            "last_heartbeat": last.isoformat(),
            "age_seconds": round(age, 1),
        }
    status = "ok" if worker["status"] == "ok" else "degraded"
    return True, {"status": status, "database": database, "worker": worker}
