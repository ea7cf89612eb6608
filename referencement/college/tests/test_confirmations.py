"""Irreversible actions ask for a confirmation restating what will happen (issue 10 item 7);
decision selects are empty by default."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import login
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.choices import CollegeOutcome
from referencement.college.models import Decision
from referencement.college.reserve_actions import declare_corrections_ready, deposit_correction
from referencement.college.testing import accept_corrections, decide

from .test_college import on_agenda

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
SITTING_DAY = datetime(2022, 3, 10, 15, tzinfo=PARIS)  # a Thursday, HOP-DPI-Va1 open


@pytest.fixture
def agenda(catalogues, editor, editor_admin, instructor, agency_admin, members):
    editor.legal_representative_user = editor_admin
    editor.save()
    with time_machine.travel(SITTING_DAY, tick=False):
        return on_agenda(
            catalogues["HOP-DPI-Va1"], editor, editor_admin, instructor, agency_admin, members
        )


def _decide(client, session, candidature, **extra):
    prefix = f"c{candidature.pk}"
    data = {f"{prefix}-outcome": "sans_reserve", f"{prefix}-reasons": "", **extra}
    return client.post(f"/college/seances/{session.pk}/decisions/{candidature.pk}/", data)


@time_machine.travel(SITTING_DAY, tick=False)
def test_the_decision_select_is_empty_by_default(client, agenda, college_member):
    session, candidature = agenda
    login(client, college_member)
    page = client.get(f"/college/seances/{session.pk}/").content.decode()
    assert '<option value="" selected>— Choisir une décision —</option>' in page


@time_machine.travel(SITTING_DAY, tick=False)
def test_a_collège_decision_is_recorded_only_after_a_confirmation_restating_it(
    client, agenda, members
):
    session, candidature = agenda
    login(client, members[0])
    page = _decide(client, session, candidature).content.decode()
    assert "Confirmer la décision" in page
    assert "une attestation avec un numéro unique est délivrée" in page
    assert f'name="c{candidature.pk}-outcome" value="sans_reserve"' in page
    assert not Decision.objects.exists()
    _decide(client, session, candidature, confirm="oui")
    decision = Decision.objects.get()
    login(client, members[1])
    page = client.post(f"/college/decisions/{decision.pk}/confirmer/").content.decode()
    assert "seconde signature" in page and "une attestation avec un numéro unique" in page
    candidature.refresh_from_db()
    assert candidature.status == S.IN_COLLEGE
    client.post(f"/college/decisions/{decision.pk}/confirmer/", {"confirm": "oui"})
    candidature.refresh_from_db()
    assert candidature.status == S.REFERENCED


@time_machine.travel(SITTING_DAY, tick=False)
def test_closing_a_session_asks_for_a_confirmation_first(client, agenda, members):
    session, candidature = agenda
    decide(
        session, candidature, CollegeOutcome.SANS_RESERVE, by=members[0], confirmed_by=members[1]
    )
    login(client, members[0])
    page = client.post(f"/college/seances/{session.pk}/clore/").content.decode()
    assert "aucune décision ne pourra plus y être enregistrée" in page
    session.refresh_from_db()
    assert session.is_open
    client.post(f"/college/seances/{session.pk}/clore/", {"confirm": "oui"})
    session.refresh_from_db()
    assert not session.is_open


@time_machine.travel(SITTING_DAY, tick=False)
def test_lifting_reserves_asks_for_a_confirmation_that_says_it_grants_the_referencing_004_4_5(
    client, agenda, members, editor_admin, instructor
):
    session, candidature = agenda
    decision = decide(
        session,
        candidature,
        CollegeOutcome.RESERVES_NON_BLOQUANTES,
        "Libellé à corriger",
        by=members[0],
        confirmed_by=members[1],
    )
    for reserve in decision.reserves.all():
        deposit_correction(reserve, actor=editor_admin, note="Corrigé.")
    declare_corrections_ready(decision, actor=editor_admin)
    accept_corrections(decision, instructor)
    login(client, members[0])
    page = client.post(f"/college/decisions/{decision.pk}/lever/").content.decode()
    assert "un autre membre du collège la confirme" in page
    client.post(f"/college/decisions/{decision.pk}/lever/", {"confirm": "oui"})
    login(client, members[1])
    page = client.post(f"/college/decisions/{decision.pk}/lever/").content.decode()
    assert "Le référencement est attribué" in page
    candidature.refresh_from_db()
    assert candidature.status == S.RESERVES_TO_LIFT
    client.post(f"/college/decisions/{decision.pk}/lever/", {"confirm": "oui"})
    candidature.refresh_from_db()
    assert candidature.status == S.REFERENCED
