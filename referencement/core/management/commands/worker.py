from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from referencement.core.worker import new_worker_id, run_forever, run_once
from referencement.lib.french import plural


class Command(BaseCommand):
    help = "Exécute les tâches en file d'attente et les tâches périodiques."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="un seul passage, puis sortie")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="secondes entre deux passages (défaut : 1)"
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="nom du worker dans son signal de vie et ses tâches (défaut : machine-hasard)",
        )

    def handle(self, *args, once: bool, interval: float, worker_id: str, **options) -> None:
        worker_id = worker_id or new_worker_id()
        if once:
            started = timezone.now()
            sweeps = run_once(worker_id)
            done = DBTaskResult.objects.filter(finished_at__gte=started).count()
            self.stdout.write(
                f"Passage terminé : {plural(done, 'tâche exécutée', 'tâches exécutées')}"
                f", {plural(len(sweeps), 'tâche périodique lancée', 'tâches périodiques lancées')}."
            )
            return
        stop = threading.Event()
        previous = {
            sig: signal.signal(sig, lambda *_: stop.set())
            for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            run_forever(stop, interval=interval, worker_id=worker_id)
        finally:
            # The caller (a test process, a shell) gets its own Ctrl+C back.
            for sig, handler in previous.items():
                signal.signal(sig, handler)
