from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import login
from referencement.instruction.actions import (
    record_field_test_results,
    schedule_field_test,
    start_instruction,
)
from referencement.instruction.choices import FieldTestOutcome
from referencement.instruction.queries import field_test_requirements

from .fixtures import make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
STARTED = datetime(2025, 6, 2, 10, tzinfo=PARIS)


@time_machine.travel(STARTED, tick=False)
def test_field_test_session_shows_the_4_week_limit_and_records_results_000_3_3(
    client, catalogues, editor, editor_member, instructor
):
    candidature = make_candidature(
        catalogues["MS2-DUI-PDE-Va1-SF"], editor=editor, created_by=editor_member, field_test=True
    )
    start_instruction(candidature, actor=instructor)
    session = schedule_field_test(
        candidature,
        scheduled_for=datetime(2025, 6, 20, 9, tzinfo=PARIS),
        place="Recette usine chez l'éditeur",
        actor=instructor,
    )
    login(client, instructor)
    page = client.get(f"/instruction/{candidature.pk}/").content.decode()
    assert "avant le <strong>30/06/2025</strong>" in page  # 2 June + 4 weeks (28 days)

    reviewed = list(field_test_requirements(candidature))
    assert len(reviewed) == 1  # only the chapter marked for the session
    record_field_test_results(
        session,
        {reviewed[0].pk: (FieldTestOutcome.NOT_ACHIEVED, "Homonymie mal gérée")},
        actor=instructor,
    )
    login(client, editor_member)
    page = client.get(f"/mes-candidatures/{candidature.pk}/instruction/").content.decode()
    assert "Résultat non atteint" in page and "Homonymie mal gérée" in page


@time_machine.travel(STARTED, tick=False)
def test_no_field_test_session_for_a_dispositif_without_one(
    catalogues, editor, editor_member, instructor
):
    candidature = make_candidature(
        catalogues["HOP-PFI-Va2"], editor=editor, created_by=editor_member
    )
    start_instruction(candidature, actor=instructor)
    with pytest.raises(ValidationError):
        schedule_field_test(candidature, scheduled_for=STARTED, place="Site", actor=instructor)
