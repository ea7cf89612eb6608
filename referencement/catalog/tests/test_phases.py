"""Phase status of each dispositif at an instant (001 §4.2, 003 §4.1, 000/002 §4.1)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from referencement.catalog import calendar
from referencement.catalog.choices import Phase, PhaseStatus
from referencement.catalog.models import Dispositif

pytestmark = pytest.mark.django_db


def _state(code: str, phase: Phase, at=None):
    return calendar.phase_state(Dispositif.objects.get(code=code), phase, at)


@time_machine.travel(calendar.paris_datetime(date(2026, 11, 22), "09:00"), tick=False)
def test_on_2026_11_22_the_ms_dui_admin_phase_is_closed_since_date_1(catalogues) -> None:
    state = _state("MS-DUI-Va2", Phase.ADMIN_DOSSIER)
    assert state.status == PhaseStatus.CLOSED
    assert (
        state.reason == "Dépôt du dossier administratif fermé depuis le 01/10/2026 à 12h00 (Date 1)"
    )
    assert _state("MS-DUI-Va2", Phase.EVIDENCE).status == PhaseStatus.OPEN


@time_machine.travel(calendar.paris_datetime(date(2026, 11, 22), "09:00"), tick=False)
def test_sans_financement_dispositifs_are_open_with_advisory_dates(catalogues) -> None:
    for code in ("MS2-DUI-PDE-Va1-SF", "MDV-LGC-Va1-SF"):
        state = _state(code, Phase.ADMIN_DOSSIER)
        assert state.status == PhaseStatus.ADVISORY
        assert state.is_open
        assert "01/07/2025" in state.reason


def test_date_1_closes_at_noon_paris_time(catalogues) -> None:
    before = calendar.paris_datetime(date(2026, 10, 1), "11:59")
    at_noon = calendar.paris_datetime(date(2026, 10, 1), "12:00")
    assert _state("MS-DUI-Va2", Phase.ADMIN_DOSSIER, before).is_open
    assert not _state("MS-DUI-Va2", Phase.ADMIN_DOSSIER, at_noon).is_open


def test_a_phase_is_closed_before_date_0(catalogues) -> None:
    state = _state("HOP-DPI-Va1", Phase.ADMIN_DOSSIER, calendar.paris_datetime(date(2021, 8, 1)))
    assert state.status == PhaseStatus.CLOSED
    assert "à partir du 30/08/2021" in state.reason


def test_dpi_answers_are_accepted_until_31_august_2022_14h(catalogues) -> None:
    at = calendar.paris_datetime(date(2022, 8, 31), "13:00")
    assert _state("HOP-DPI-Va1", Phase.EXCHANGES, at).is_open
    assert not _state("HOP-DPI-Va1", Phase.ADMIN_DOSSIER, at).is_open
