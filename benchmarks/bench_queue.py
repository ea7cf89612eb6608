"""Render time and query count of the instruction queue page with 10,000 candidatures.

Usage: python benchmarks/bench_queue.py [COUNT] [RUNS]   (default 10000 candidatures, 20 runs)
On a temporary SQLite instance, or on PostgreSQL with DATABASE_URL (a dedicated database).
Fills the queue with bulk rows (two dispositifs, half of them in instruction), logs in an
instructor past the second factor and renders GET /instruction/ (first page, 25 rows) and a
filtered page; prints the median and p90 render time and the number of SQL queries.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from bulk import candidatures, editors_and_user, setup_django


def instructor_client():
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from referencement.accounts.choices import Role
    from referencement.accounts.models import User
    from referencement.catalog.models import Dispositif
    from referencement.instruction.assignment_actions import assign_dispositifs

    user = User.objects.create_user("instructeur@essai.example", "x", role=Role.INSTRUCTOR)
    # Issue 15 item 6: an instructor's queue shows the dispositifs assigned to them.
    admin = User.objects.create_user("admin@essai.example", "x", role=Role.AGENCY_ADMIN)
    assign_dispositifs(user, Dispositif.objects.all(), actor=admin)
    device = TOTPDevice.objects.create(user=user, name="banc", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, query plans
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    p90 = statistics.quantiles(times, n=10)[-1]
    return statistics.median(times), p90, len(queries.captured_queries)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REFERENCEMENT_HOME"] = tmp
        setup_django()
        from referencement.candidatures.choices import CandidatureStatus as S
        from referencement.catalog.models import Dispositif

        editors, user = editors_and_user()
        for code, status in (
            ("MS-DUI-Va2", S.EVIDENCE_COMPLETE),
            ("HOP-PFI-Va2", S.IN_INSTRUCTION),
        ):
            candidatures(code, count // 2, status, editors=editors, user=user, queued=True)
        client = instructor_client()
        dispositif = Dispositif.objects.get(code="HOP-PFI-Va2").pk
        database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        print(f"File d'instruction, {count} candidatures, {database}, {runs} rendus :")
        for label, url in (
            ("GET /instruction/", "/instruction/"),
            ("GET /instruction/?page=200", "/instruction/?page=200"),
            ("GET /instruction/?dispositif=…", f"/instruction/?dispositif={dispositif}"),
        ):
            median, p90, queries = measure(client, url, runs)
            print(
                f"  {label:34s} médiane {median:7.1f} ms   p90 {p90:7.1f} ms   {queries} requêtes SQL"
            )


if __name__ == "__main__":
    main()
