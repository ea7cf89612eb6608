"""The demo's cast and plot: which candidature of which editor goes how far, in which
dispositif, and when. Every status of the lifecycle appears; the closed funded dispositifs
(HOP-DPI-Va1, HOP-PFI-Va2) hold past journeys played inside their own calendars."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import time_machine
from django.db.models import Count
from django.test import override_settings

from referencement.accounts.models import Editor
from referencement.candidatures.choices import CandidatureStatus
from referencement.candidatures.models import Candidature
from referencement.catalog.actions import load_all_catalogues
from referencement.catalog.calendar import now, paris_datetime
from referencement.core.worker import run_once
from referencement.registry.choices import AttestationStatus
from referencement.registry.models import Attestation

from .journeys import Journey
from .people import create_agency, create_editors

# People exist before the first journey (HOP-DPI-Va1 opened on 30/08/2021, 004 §4.1).
ACCOUNTS_CREATED = datetime(2021, 9, 1, 9)


def _at(year: int, month: int, day: int) -> datetime:
    return paris_datetime(date(year, month, day), "10:00")


def journeys(editors) -> list[Journey]:
    """(dispositif, where it stops, editor, solution, start). Without a start, the journey
    ends shortly before now, in a dispositif open today."""
    hetre, cedre, saule, orme = editors
    dpi, pfi, va2 = "HOP-DPI-Va1", "HOP-PFI-Va2", "MS-DUI-Va2"
    pde, lgc = "MS2-DUI-PDE-Va1-SF", "MDV-LGC-Va1-SF"
    return [
        # HOP-DPI-Va1 (004): applications 30/08/2021 → 15/06/2022, three collège outcomes.
        Journey(dpi, "referenced", hetre, "Hêtre DPI", _at(2021, 10, 4)),
        Journey(dpi, "reserves_lifted", cedre, "Cèdre Dossier Patient", _at(2021, 10, 11)),
        Journey(dpi, "refused", saule, "Saule Hôpital", _at(2021, 11, 8)),
        Journey(dpi, "revoked", orme, "Orme DPI", _at(2021, 11, 15)),
        Journey(dpi, "abandoned", saule, "Saule Urgences", _at(2022, 1, 10)),
        Journey(dpi, "admin_rejected", cedre, "Cèdre Imagerie", _at(2022, 2, 7)),
        # HOP-PFI-Va2 (003): Date 1 19/11/2024, Date 2 25/06/2025, Date 3 25/09/2025.
        Journey(pfi, "referenced", cedre, "Cèdre Plateau", _at(2024, 10, 7)),
        Journey(pfi, "awaiting_cnda", hetre, "Hêtre Plateau", _at(2024, 10, 8)),
        Journey(pfi, "suspended", orme, "Orme Plateau", _at(2024, 10, 9)),
        Journey(pfi, "excluded", saule, "Saule Plateau", _at(2024, 10, 10)),
        # MS-DUI-Va2 (001): Date 1 01/10/2026 is past, Date 2 01/10/2027 is ahead.
        Journey(va2, "draft", orme, "Orme Accompagnement", _at(2026, 9, 7)),
        Journey(va2, "admin_solicited", hetre, "Hêtre Domicile", _at(2026, 9, 8), resumes=True),
        Journey(va2, "admin_accepted", cedre, "Cèdre EHPAD", _at(2026, 9, 9), resumes=True),
        Journey(va2, "evidence_in_progress", saule, "Saule Social", _at(2026, 9, 10), resumes=True),
        Journey(
            va2, "chapter_in_instruction", orme, "Orme Domicile", _at(2026, 9, 14), resumes=True
        ),
        Journey(
            va2, "chapter_awaiting_editor", hetre, "Hêtre Handicap", _at(2026, 9, 15), resumes=True
        ),
        Journey(va2, "withdrawn", saule, "Saule Enfance", _at(2026, 9, 16), resumes=True),
        # MS2-DUI-PDE-Va1-SF (000) and MDV-LGC-Va1-SF (002): always open, playing now.
        Journey(pde, "draft", cedre, "Cèdre Protection Enfance"),
        Journey(pde, "evidence_complete", orme, "Orme Enfance"),
        Journey(pde, "in_instruction", hetre, "Hêtre Enfance"),
        Journey(pde, "awaiting_editor", saule, "Saule Famille"),
        Journey(pde, "instructed", cedre, "Cèdre Placement"),
        Journey(pde, "convention_signed", hetre, "Hêtre Foyer"),
        Journey(pde, "in_college", orme, "Orme Foyer"),
        Journey(pde, "referenced", saule, "Saule Protection"),
        Journey(pde, "reserves_to_lift", orme, "Orme Accueil"),
        Journey(lgc, "admin_submitted", hetre, "Hêtre Cabinet"),
        Journey(lgc, "admin_solicited", saule, "Saule Médecin"),
        Journey(lgc, "admin_accepted", cedre, "Cèdre Cabinet"),
    ]


@dataclass(frozen=True)
class Summary:
    editors: list[Editor]
    statuses: dict[str, int]
    attestations: dict[str, int]
    agency_emails: list[str]


def is_empty() -> bool:
    """An instance is empty while it has no editor and no candidature; agency accounts
    (the first admin created by `serve`) may already exist."""
    return not Editor.objects.exists() and not Candidature.objects.exists()


def build(
    progress: Callable[[str], None], on_step: Callable[[int, int], None] | None = None
) -> Summary:
    """Fill an empty instance. E-mails go to a local outbox: the demo's addresses are
    fictional and must never be mailed, even by an instance configured for SMTP.
    ``on_step(steps replayed, steps)`` follows the replay."""
    load_all_catalogues()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        with time_machine.travel(ACCOUNTS_CREATED, tick=False):
            agency = create_agency()
            editors = create_editors(agency)
        plot = journeys(editors)
        for journey in plot:
            journey.agency = agency
        schedule = _schedule(plot, now())
        progress(f"{len(plot)} candidatures, {len(schedule)} étapes à rejouer…")
        for done, (when, _, journey, step) in enumerate(schedule, start=1):
            with time_machine.travel(when, tick=False):
                journey.run(step)
            if on_step:
                on_step(done, len(schedule))
        # Conformity checks of the deposited files and e-mails (to the local outbox).
        run_once("demo")
    return _summary(agency)


def _schedule(plot: list[Journey], at: datetime):
    steps = []
    for index, journey in enumerate(plot):
        until = at - timedelta(hours=2 + 3 * index)
        steps += [(when, index, journey, step) for when, step in journey.schedule(until)]
    return sorted(steps, key=lambda s: (s[0], s[1]))


def _summary(agency) -> Summary:
    statuses = dict(
        Candidature.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    attestations = dict(
        Attestation.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    return Summary(
        editors=list(Editor.objects.prefetch_related("members")),
        statuses={CandidatureStatus(k).label: v for k, v in statuses.items()},
        attestations={AttestationStatus(k).label: v for k, v in attestations.items()},
        agency_emails=[agency.admin.email]
        + [u.email for u in (*agency.instructors, *agency.college)],
    )
