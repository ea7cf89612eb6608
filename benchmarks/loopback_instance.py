"""What the server benchmarks share: a fresh instance with one editor's accepted
candidature, a signed-in session past the second factor, and the server's readiness and
peak memory read from /proc."""

from __future__ import annotations

import http.client
import os
import time
from pathlib import Path


def accepted_candidature(home: Path, member_email: str):
    """Migrate an empty instance in ``home`` and return (member, instructor, candidature):
    a MS2-DUI-PDE-Va1-SF candidature whose administrative dossier is accepted."""
    os.environ["REFERENCEMENT_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referencement.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from referencement.accounts.choices import Role
    from referencement.accounts.models import Editor, User
    from referencement.candidatures.testing import accepted, load_catalogues

    load_catalogues()
    editor = Editor.objects.create(
        name="Éditeur du banc d'essai",
        siret="73282932000074",
        legal_form="SAS",
        head_office="1 rue de l'Essai, Paris",
        legal_representative="Camille Essai",
        legal_representative_email="representant@essai.example",
        contact_name="Dominique Essai",
        contact_email="contact@essai.example",
    )
    member = User.objects.create_user(
        member_email, "Banc-d-essai-2026", role=Role.EDITOR_MEMBER, editor=editor
    )
    instructor = User.objects.create_user(
        "instructeur@essai.example", "Banc-d-essai-2026", role=Role.INSTRUCTOR
    )
    return member, instructor, accepted("MS2-DUI-PDE-Va1-SF", member, instructor)


def signed_in_session(user) -> str:
    """The session key of ``user`` past the second factor, as the login pages leave it."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="banc d'essai", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return session.session_key


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("Le serveur n'a pas démarré.")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("VmHWM introuvable")
