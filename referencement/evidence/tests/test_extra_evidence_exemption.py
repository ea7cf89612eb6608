"""001 §3.1 « Les candidats au seul profil AHI sont exonérés de certaines exigences »
(issue 12 item 11): the Pro Santé Connect habilitations and the CNDA attestation, asked
outside the REM, are not asked of AHI-only candidates; another optional profile chosen
too asks them again."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from referencement.candidatures.actions import set_profiles
from referencement.candidatures.testing import draft, load_catalogues
from referencement.evidence.expected import expected_items

pytestmark = pytest.mark.django_db
# Before the Date 1 of MS-DUI-Va2 (001 §4.2): the administrative dossier is open.
BEFORE_DATE_1 = datetime(2026, 6, 1, 10, tzinfo=ZoneInfo("Europe/Paris"))

EXEMPTED = {"CNDA", "EDC-PSC-LOGICIEL", "EDC-PSC-PROXY"}


@pytest.fixture
def candidature(editor_member):
    load_catalogues()
    with time_machine.travel(BEFORE_DATE_1, tick=False):
        yield draft("MS-DUI-Va2", editor_member)


def asked_outside_the_rem(candidature, editor_member, *profiles: str) -> set[str]:
    """The codes of the evidence asked outside the REM once `profiles` are chosen."""
    set_profiles(candidature, ["GENERAL", *profiles], actor=editor_member)
    return {item.code for item in expected_items(candidature) if item.kind == "extra"}


def test_001_3_1_ahi_only_candidates_are_asked_neither_psc_habilitation_nor_cnda(
    candidature, editor_member
):
    assert not EXEMPTED & asked_outside_the_rem(candidature, editor_member, "AHI")


def test_001_3_1_ahi_with_another_optional_profile_is_asked_psc_habilitation_and_cnda(
    candidature, editor_member
):
    assert EXEMPTED <= asked_outside_the_rem(candidature, editor_member, "AHI", "PA")


def test_001_3_1_candidates_without_ahi_are_asked_psc_habilitation_and_cnda(
    candidature, editor_member
):
    assert EXEMPTED <= asked_outside_the_rem(candidature, editor_member, "PA")
