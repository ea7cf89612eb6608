"""Bulk data for the benchmarks: many candidatures, attestations and evidence versions
written with bulk_create. Not the actions (too slow for 10^5 rows, and no audit trail is
wanted here), but rows the pages and the API read as they read real ones."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's code, for the script and the server
BATCH = 2000


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referencement.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from referencement.catalog.actions import load_all_catalogues

    call_command("migrate", interactive=False, verbosity=0)
    load_all_catalogues()


def editors_and_user(count: int = 100):
    """`count` fictional editors (SIREN 9xxxxxxx) and one member who created everything."""
    from referencement.accounts.choices import Role
    from referencement.accounts.models import Editor, User
    from referencement.core.demo.people import fictional_siret

    editors = Editor.objects.bulk_create(
        Editor(
            name=f"Éditeur d'essai {n:03d}",
            siret=fictional_siret(50000 + n),
            legal_form="SAS",
            head_office=f"{n} rue de l'Essai, Paris",
            legal_representative="Camille Essai",
            contact_name="Dominique Essai",
            contact_email=f"contact{n}@essai.example",
        )
        for n in range(count)
    )
    user = User.objects.create_user(
        "banc@essai.example", "Banc-d-essai-2026", role=Role.EDITOR_ADMIN, editor=editors[0]
    )
    return editors, user


def candidatures(code: str, count: int, status: str, *, editors, user, queued: bool = False):
    """`count` candidatures of dispositif `code` with one commercial name each."""
    from django.utils import timezone

    from referencement.candidatures.models import Candidature, CommercialName
    from referencement.catalog.models import Dispositif

    dispositif = Dispositif.objects.get(code=code)
    start = timezone.now() - timedelta(days=365)
    rows = Candidature.objects.bulk_create(
        (
            Candidature(
                editor=editors[n % len(editors)],
                dispositif=dispositif,
                status=status,
                solution_name=f"Solution d'essai {n:05d}",
                created_by=user,
                queue_entered_at=start + timedelta(minutes=n) if queued else None,
            )
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    CommercialName.objects.bulk_create(
        (
            CommercialName(candidature=c, name=f"{c.solution_name} Pro", technical_version="1.0")
            for c in rows
        ),
        batch_size=BATCH,
    )
    return rows


def attestations(rows) -> list:
    """One valid attestation per candidature, with its « issued » registry event."""
    from referencement.registry.models import Attestation, RegistryEvent
    from referencement.registry.rules import attestation_number

    issued = rows[0].created_at
    made = Attestation.objects.bulk_create(
        (
            Attestation(
                number=attestation_number(c.dispositif.code, issued.year, n),
                candidature=c,
                dispositif=c.dispositif,
                year=issued.year,
                sequence=n,
                editor_name=c.editor.name,
                solution_name=c.solution_name,
                commercial_names=[f"{c.solution_name} Pro"],
                technical_version="1.0",
                profiles=["Général"],
                issued_at=issued,
                pdf=f"attestations/{n}.pdf",
                sha256="0" * 64,
            )
            for n, c in enumerate(rows, start=1)
        ),
        batch_size=BATCH,
    )
    RegistryEvent.objects.bulk_create(
        (RegistryEvent(attestation=a, kind="issued", at=issued, detail="Essai") for a in made),
        batch_size=BATCH,
    )
    return made


def evidence_versions(rows, total: int, *, user, per_item: int = 2) -> None:
    """`total` text versions spread over the candidatures (`per_item` per evidence item)."""
    from referencement.catalog.models import Requirement
    from referencement.evidence.models import Evidence, EvidenceVersion

    items_each = max(1, total // (len(rows) * per_item))
    requirements = list(
        Requirement.objects.filter(dispositif=rows[0].dispositif).order_by("pk")[:items_each]
    )
    evidence = Evidence.objects.bulk_create(
        (Evidence(candidature=c, requirement=r) for c in rows for r in requirements),
        batch_size=BATCH,
    )
    EvidenceVersion.objects.bulk_create(
        (
            EvidenceVersion(
                evidence=e,
                number=number,
                text=f"Scénario exécuté, version {number}",
                deposited_by=user,
                conformity_status="not_applicable",
            )
            for e in evidence
            for number in range(1, per_item + 1)
        ),
        batch_size=BATCH,
    )
