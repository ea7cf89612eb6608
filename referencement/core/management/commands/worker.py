from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand

from referencement.core.worker import new_worker_id, run_forever, run_once


class Command(BaseCommand):
    help = "Exécute les tâches en file d'attente et les tâches périodiques."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Un seul passage, puis sortie.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Secondes entre deux passages."
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="Nom du worker dans son signal de vie et ses tâches (par défaut : machine-hasard).",
        )

    def handle(self, *args, once: bool, interval: float, worker_id: str, **options) -> None:
        worker_id = worker_id or new_worker_id()
        if once:
            run_once(worker_id)
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        run_forever(stop, interval=interval, worker_id=worker_id)
