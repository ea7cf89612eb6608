"""A later step takes a dossier over by its status (issue 12, « Shape »): the collège
prepares the convention of an instructed dossier (001 §4.5) and the registry issues the
attestation of a referenced one, each in the transaction that changed the status and in
the name of whoever changed it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from referencement.audit.models import AuditEvent
from referencement.catalog.choices import CollegeOutcome
from referencement.college.testing import decide
from referencement.registry.models import Attestation

from .test_college import instructed, on_agenda

pytestmark = pytest.mark.django_db
SITTING_DAY = datetime(2027, 5, 6, 10, tzinfo=ZoneInfo("Europe/Paris"))


def actions_in_order(*names: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action__in=names).order_by("sequence"))


@time_machine.travel(SITTING_DAY, tick=False)
def test_issue_12_an_instructed_dossier_gets_its_convention_to_sign_001_4_5(
    catalogues, editor, editor_member, instructor
):
    candidature = instructed(catalogues["MS-DUI-Va2"], editor, editor_member, instructor)

    instructed_event, prepared = actions_in_order(
        "candidature.instructed", "college.convention_prepared"
    )
    assert (instructed_event.action, prepared.action) == (
        "candidature.instructed",
        "college.convention_prepared",
    )
    assert prepared.actor == instructor
    assert prepared.new_values["sha256"] == candidature.convention.draft_sha256


@time_machine.travel(SITTING_DAY, tick=False)
def test_issue_12_a_referenced_dossier_gets_its_attestation_001_4_5(
    catalogues, editor, representative, instructor, agency_admin, members
):
    session, candidature = on_agenda(
        catalogues["MS-DUI-Va2"], editor, representative, instructor, agency_admin, members
    )

    decision = decide(
        session, candidature, CollegeOutcome.ATTRIBUTION, by=members[0], confirmed_by=members[1]
    )

    referenced, issued = actions_in_order("candidature.referenced", "registry.attestation_issued")
    assert (referenced.action, issued.action) == (
        "candidature.referenced",
        "registry.attestation_issued",
    )
    assert issued.actor == members[1]
    assert issued.new_values["decision"] == decision.pk
    assert Attestation.objects.get().candidature == candidature
