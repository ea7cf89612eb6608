"""Time of a REM import of 5,000 generated requirement rows, with its progress shown.

Usage: python benchmarks/bench_rem_import.py [ROWS]   (default 5000; from `benchmarks/`)
On a temporary SQLite instance, or on PostgreSQL with DATABASE_URL (a dedicated database).
Writes a Convergence-layout XLSX (one requirement per row, one scenario and one proof each,
three profiles of which one the dispositif lacks), then runs the agency's path: the upload's
analysis (preview, rolled back) and the confirmed application by the worker, polling the
job's progress as the page does; then `import-rem` from the command line on the same file
(nothing left to change). Target: each import under 30 s.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
import time

from bulk import setup_django


def _rem(rows: int) -> bytes:
    from referencement.lib.rem_sheets import CONVERGENCE_HEADERS, write_xlsx

    profiles = ("Général", "Général; Profil d'essai", "Profil d'essai; Nouveau profil généré")

    def lines():
        yield CONVERGENCE_HEADERS
        for n in range(1, rows + 1):
            code = f"SC.BENCH/{n // 100:02d}.{n % 100:02d}"
            yield [
                "Vague 2",
                code,
                f"Chapitre {n % 12}",
                f"Fonction {n % 40}",
                f"Le système DOIT satisfaire l'exigence générée n° {n}.",
                "",
                profiles[n % 3],
                f"{code}.01",
                f"Vérifier le comportement n° {n}.",
                f"{code}.01.01",
                "Démonstration (vidéo ou copies d'écran) du scénario",
                profiles[n % 3],
                "",
                n,
            ]

    out = io.BytesIO()
    write_xlsx(lines(), out)
    return out.getvalue()


def _watch(job_id: int, stop: threading.Event) -> None:
    """What the import page shows while it refreshes: rows read out of the total."""
    from referencement.catalog.models import RemImport

    last = None
    while not stop.wait(0.5):
        job = RemImport.objects.filter(pk=job_id).values("rows_processed", "rows_total").get()
        shown = (job["rows_processed"], job["rows_total"])
        if shown != last:
            print(f"    progression : {shown[0]} / {shown[1]} lignes", flush=True)
            last = shown


def _timed_job(job, *, apply: bool, actor) -> float:
    from referencement.catalog.actions import run_rem_job

    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(job.pk, stop))
    watcher.start()
    started = time.perf_counter()
    run_rem_job(job, actor=actor, apply=apply)
    elapsed = time.perf_counter() - started
    stop.set()
    watcher.join()
    return elapsed


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    home = tempfile.mkdtemp(prefix="bench-rem-")
    os.environ.setdefault("REFERENCEMENT_HOME", home)
    setup_django()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from referencement.accounts.choices import Role
    from referencement.accounts.models import User
    from referencement.catalog.models import Dispositif, RemImport

    data = _rem(rows)
    print(f"{rows} lignes générées ({len(data) // 1024} Kio)")
    admin = User.objects.create(
        email="bench@agence.test", full_name="Bench", role=Role.AGENCY_ADMIN
    )
    dispositif = Dispositif.objects.get(code="MS2-DUI-PDE-Va1-SF")
    job = RemImport.objects.create(
        dispositif=dispositif,
        uploaded_by=admin,
        file=SimpleUploadedFile("bench.xlsx", data),
        filename="bench.xlsx",
    )
    preview = _timed_job(job, apply=False, actor=admin)
    job.refresh_from_db()
    print(f"analyse (aperçu annulé) : {preview:.1f} s — état {job.status}")
    applied = _timed_job(job, apply=True, actor=admin)
    job.refresh_from_db()
    counts = job.summary["counts"]
    print(
        f"application confirmée : {applied:.1f} s — état {job.status}, "
        f"{counts.get('requirements_created', 0)} exigences créées, "
        f"profils créés : {counts.get('profiles_created', 0)}, "
        f"version {dispositif.catalogue_versions.order_by('-number').first().number}"
    )
    path = os.path.join(home, "bench.xlsx")
    with open(path, "wb") as handle:
        handle.write(data)
    started = time.perf_counter()
    call_command("import_rem", path, dispositif=dispositif.code, stdout=io.StringIO())
    print(
        f"\nimport-rem en ligne de commande (rien à changer) : {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
