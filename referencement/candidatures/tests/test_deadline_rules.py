"""The rule shown is the rule applied (issue 12 item 13): for every dispositif and every
phase, the rule text of the next deadline is read back and recomputes the very date shown.
Missed deadlines are flagged with what follows; advisory dates are hidden once past."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import UserFactory, login
from referencement.accounts.choices import Role
from referencement.candidatures import actions
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.deadlines import next_deadline
from referencement.catalog.calendar import add_delay
from referencement.catalog.choices import CollegeOutcome, DelayUnit
from referencement.catalog.models import Dispositif
from referencement.college.actions import add_to_agenda, sign_convention
from referencement.college.models import CollegeSession
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.testing import countersign, decide, seat
from referencement.core.errors import Conflict
from referencement.evidence.actions import submit_evidence_dossier
from referencement.instruction.actions import (
    ask_solicitation,
    complete_instruction,
    give_verdict,
    start_instruction,
)
from referencement.instruction.choices import VerdictValue
from referencement.instruction.tests.fixtures import (
    latest_versions,
    make_candidature,
    totp_token,
)

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db

DISPOSITIFS = ["MS-DUI-Va2", "HOP-PFI-Va2", "HOP-DPI-Va1", "MDV-LGC-Va1-SF", "MS2-DUI-PDE-Va1-SF"]
# An instant inside the application period of each dispositif (before its Date 1).
DURING = {
    "MS-DUI-Va2": datetime(2026, 9, 1, 10, tzinfo=PARIS),
    "HOP-PFI-Va2": datetime(2024, 10, 1, 10, tzinfo=PARIS),
    "HOP-DPI-Va1": datetime(2022, 3, 10, 10, tzinfo=PARIS),
    "MDV-LGC-Va1-SF": datetime(2025, 6, 2, 10, tzinfo=PARIS),
    "MS2-DUI-PDE-Va1-SF": datetime(2025, 6, 2, 10, tzinfo=PARIS),
}
UNIT_OF_WORDS = {label: value for value, label in DelayUnit.choices}
DELAY_FROM = re.compile(
    r"délai de (?P<amount>\d+) (?P<unit>jours ouvrés|jours|heures) à compter de .* du "
    r"(?P<start>\d\d/\d\d/\d{4} à \d\dh\d\d)"
)
SOURCE_LEAK = re.compile(r"\b00[0-4]\b|§|Charte de référencement|DSR-")


def recomputed(rule: str) -> datetime:
    """The date the rule text alone gives: its start instant plus its delay."""
    match = DELAY_FROM.search(rule)
    assert match, rule
    start = datetime.strptime(match["start"], "%d/%m/%Y à %Hh%M").replace(tzinfo=PARIS)
    return add_delay(start, int(match["amount"]), UNIT_OF_WORDS[match["unit"]])


def assert_plain(deadline) -> None:
    for text in (deadline.label, deadline.rule, deadline.consequence):
        assert not SOURCE_LEAK.search(text), text


@pytest.mark.parametrize("code", DISPOSITIFS)
def test_admin_solicitation_rule_gives_its_date_001_4_3_003_4_2_004_4_2(
    code, catalogues, editor, editor_member, instructor
):
    dispositif = Dispositif.objects.get(code=code)
    with time_machine.travel(DURING[code], tick=False):
        candidature = make_candidature(
            dispositif, editor=editor, created_by=editor_member, status=S.ADMIN_SUBMITTED
        )
        solicitation = actions.send_admin_solicitation(
            candidature, actor=instructor, question="Kbis ?"
        )
        deadline = next_deadline(candidature)
    assert deadline.at == solicitation.due_at
    assert recomputed(deadline.rule) == deadline.at
    assert "administratif" in deadline.label
    assert not deadline.overdue
    assert_plain(deadline)


def test_ms_dui_va2_admin_solicitation_is_10_working_days_and_lateness_may_reject_001_4_3(
    catalogues, editor, editor_member, instructor
):
    with time_machine.travel(DURING["MS-DUI-Va2"], tick=False):
        candidature = make_candidature(
            Dispositif.objects.get(code="MS-DUI-Va2"),
            editor=editor,
            created_by=editor_member,
            status=S.ADMIN_SUBMITTED,
        )
        actions.send_admin_solicitation(candidature, actor=instructor, question="Kbis ?")
    with time_machine.travel(DURING["MS-DUI-Va2"] + timedelta(days=20), tick=False):
        actions.sweep_admin_solicitations()
        deadline = next_deadline(candidature)
    assert "10 jours ouvrés" in deadline.rule
    assert deadline.overdue
    assert deadline.consequence == (
        "Sans réponse dans ce délai, l'agence peut rejeter le dossier administratif."
    )


@pytest.mark.parametrize("code", DISPOSITIFS)
def test_instruction_solicitation_rule_is_the_queue_guarantee_not_the_admin_delay_001_4_4(
    code, catalogues, editor, editor_member, instructor
):
    dispositif = Dispositif.objects.get(code=code)
    with time_machine.travel(DURING[code], tick=False):
        candidature = make_candidature(dispositif, editor=editor, created_by=editor_member)
        start_instruction(candidature, actor=instructor)
        solicitation = ask_solicitation(candidature, "Précisez le scénario 3.", actor=instructor)
        candidature.refresh_from_db()
        deadline = next_deadline(candidature)
    assert deadline.at == solicitation.due_at
    assert recomputed(deadline.rule) == deadline.at
    assert "file d'instruction" in deadline.rule
    assert "abandonnée" in deadline.consequence
    assert_plain(deadline)


@pytest.mark.parametrize(
    ("code", "delay"),
    [
        ("MS-DUI-Va2", "10 jours à compter"),  # 001 §4.4: « dans les 10 jours »
        ("HOP-PFI-Va2", "24 heures à compter"),  # 003 §4.4
        ("HOP-DPI-Va1", "24 heures à compter"),  # 004 §4.4
    ],
)
def test_instruction_solicitation_delay_per_dispositif_001_4_4_003_4_4_004_4_4(
    code, delay, catalogues, editor, editor_member, instructor
):
    with time_machine.travel(DURING[code], tick=False):
        candidature = make_candidature(
            Dispositif.objects.get(code=code), editor=editor, created_by=editor_member
        )
        start_instruction(candidature, actor=instructor)
        ask_solicitation(candidature, "Précisez.", actor=instructor)
    with time_machine.travel(DURING[code] + timedelta(days=11), tick=False):
        deadline = next_deadline(candidature)
    assert delay in deadline.rule
    assert "jours ouvrés" not in deadline.rule
    assert deadline.overdue
    assert "30 jours après la demande" in deadline.consequence


MILESTONE_OF_STATUS = [(S.DRAFT, 1), (S.EVIDENCE_IN_PROGRESS, 2), (S.IN_INSTRUCTION, 3)]


FUNDED_PHASES = [
    (code, status, number)
    for code in ("MS-DUI-Va2", "HOP-PFI-Va2", "HOP-DPI-Va1")
    for status, number in MILESTONE_OF_STATUS
    if (code, number) != ("HOP-DPI-Va1", 2)  # 004 has no Date 2: its evidence ends at Date 3
]


@pytest.mark.parametrize(("code", "status", "number"), FUNDED_PHASES)
def test_funded_phase_deadline_is_its_date_and_flagged_once_missed_001_4_2_003_4_1_004_4_1_6(
    code, status, number, catalogues, editor, editor_member
):
    dispositif = Dispositif.objects.get(code=code)
    milestone = dispositif.milestone(number)
    candidature = make_candidature(
        dispositif, editor=editor, created_by=editor_member, status=status
    )
    before = next_deadline(candidature, milestone.at - timedelta(minutes=1))
    after = next_deadline(candidature, milestone.at + timedelta(minutes=1))
    for deadline in (before, after):
        assert deadline.at == milestone.at
        assert f"Date {number} du calendrier du dispositif" in deadline.rule
        assert deadline.when in deadline.rule
        assert deadline.consequence.startswith("Passé cette date")
        assert_plain(deadline)
    assert not before.overdue and after.overdue


def test_004_4_1_6_no_evidence_deadline_is_invented_for_hop_dpi_va1(
    client, catalogues, editor, editor_member
):
    """004 names the application period and the answers' limit, no evidence deadline: no
    Date 2 is invented. The evidence deposit ends with the exchanges at Date 3 (004 §4.3,
    §4.4 « aucune réponse complémentaire de l'éditeur ne sera instruite »): the deadline
    shown, the public page and the refusal all name Date 3 (the rule shown is the rule
    applied)."""
    dispositif = Dispositif.objects.get(code="HOP-DPI-Va1")
    assert dispositif.milestone(2) is None
    date_3 = dispositif.milestone(3).at
    candidature = make_candidature(
        dispositif, editor=editor, created_by=editor_member, status=S.EVIDENCE_IN_PROGRESS
    )
    deadline = next_deadline(candidature, datetime(2022, 6, 16, 10, tzinfo=PARIS))
    assert deadline.at == date_3 and not deadline.overdue
    assert "Date 3 du calendrier du dispositif" in deadline.rule and deadline.when in deadline.rule
    assert (
        deadline.consequence
        == "Passé cette date, le dossier de preuves ne peut plus être complété."
    )
    assert_plain(deadline)
    with time_machine.travel(date_3 - timedelta(minutes=1), tick=False):
        page = client.get("/dispositifs/HOP-DPI-Va1/").content.decode()
    assert (
        "Dépôt du dossier complet de preuves ouvert jusqu&#x27;au 31/08/2022 à 14h00 (Date 3)"
        in page
    )
    assert "« aucune réponse complémentaire de l&#x27;éditeur ne sera instruite »" in page
    assert "Date 1" in page and "Date 2" not in page
    with time_machine.travel(date_3 + timedelta(minutes=1), tick=False):
        page = client.get("/dispositifs/HOP-DPI-Va1/").content.decode()
        with pytest.raises(Conflict) as refused:
            submit_evidence_dossier(candidature, actor=editor_member)
    assert "Dépôt du dossier complet de preuves fermé depuis le 31/08/2022 à 14h00 (Date 3)" in page
    assert "(Date 3)" in str(refused.value)


@pytest.mark.parametrize("code", ["MDV-LGC-Va1-SF", "MS2-DUI-PDE-Va1-SF"])
@pytest.mark.parametrize(("status", "number"), MILESTONE_OF_STATUS)
def test_advisory_date_is_a_recommendation_and_hidden_once_past_000_4_1_002_4_1(
    code, status, number, catalogues, editor, editor_member
):
    dispositif = Dispositif.objects.get(code=code)
    milestone = dispositif.milestone(number)
    candidature = make_candidature(
        dispositif, editor=editor, created_by=editor_member, status=status
    )
    before = next_deadline(candidature, milestone.at - timedelta(days=1))
    assert before.advisory and not before.overdue
    assert before.at == milestone.at
    assert "recommandation" in before.rule and "reste ouvert" in before.rule
    assert_plain(before)
    assert next_deadline(candidature, milestone.at + timedelta(days=1)) is None


def test_a_submitted_dossier_has_met_date_1_001_4_3(catalogues, editor, editor_member):
    candidature = make_candidature(
        Dispositif.objects.get(code="MS-DUI-Va2"),
        editor=editor,
        created_by=editor_member,
        status=S.ADMIN_SUBMITTED,
    )
    assert next_deadline(candidature, DURING["MS-DUI-Va2"]) is None


def _reserves(dispositif, editor, representative, instructor, agency_admin, college_member):
    candidature = make_candidature(dispositif, editor=editor, created_by=representative)
    start_instruction(candidature, actor=instructor)
    for version in latest_versions(candidature):
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
    complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    candidature.refresh_from_db()
    sign_convention(
        candidature.convention, actor=representative, otp_token=totp_token(representative)
    )
    ensure_sessions_ahead()
    session = CollegeSession.objects.first()
    add_to_agenda(session, candidature, actor=agency_admin)
    countersign(candidature, agency_admin)
    second = UserFactory(role=Role.COLLEGE_MEMBER)
    seat(session, college_member, second)
    candidature.refresh_from_db()
    return decide(
        session,
        candidature,
        CollegeOutcome.RESERVES_NON_BLOQUANTES,
        "Corriger le libellé de l'écran INS.",
        by=college_member,
        confirmed_by=second,
    )


# A Thursday, the day a collège sits (decisions are recorded from the day of the sitting).
COLLEGE_DAY = {
    "HOP-DPI-Va1": datetime(2022, 3, 10, 10, tzinfo=PARIS),
    "MDV-LGC-Va1-SF": datetime(2025, 6, 5, 10, tzinfo=PARIS),
}


@pytest.mark.parametrize("code", sorted(COLLEGE_DAY))
def test_reserves_rule_gives_the_correction_date_and_refusal_follows_004_4_5(
    code, catalogues, editor, editor_admin, instructor, agency_admin, college_member
):
    editor.legal_representative_user = editor_admin
    editor.save()
    with time_machine.travel(COLLEGE_DAY[code], tick=False):
        decision = _reserves(
            Dispositif.objects.get(code=code),
            editor,
            editor_admin,
            instructor,
            agency_admin,
            college_member,
        )
        deadline = next_deadline(decision.candidature)
    assert deadline.at == decision.fix_deadline
    assert recomputed(deadline.rule) == deadline.at
    assert deadline.consequence == "Passé ce délai, le référencement est refusé."
    assert not deadline.overdue
    assert next_deadline(decision.candidature, decision.fix_deadline + timedelta(hours=1)).overdue
    assert_plain(deadline)


def test_final_candidature_has_no_deadline(catalogues, editor, editor_member):
    candidature = make_candidature(
        Dispositif.objects.get(code="HOP-PFI-Va2"),
        editor=editor,
        created_by=editor_member,
        status=S.WITHDRAWN,
    )
    assert next_deadline(candidature, DURING["HOP-PFI-Va2"]) is None


def test_editor_page_shows_overdue_badge_and_what_follows_without_source_references(
    client, catalogues, editor, editor_admin
):
    candidature = make_candidature(
        Dispositif.objects.get(code="HOP-PFI-Va2"),
        editor=editor,
        created_by=editor_admin,
        status=S.DRAFT,
    )
    login(client, editor_admin)
    with time_machine.travel(datetime(2024, 11, 20, 9, tzinfo=PARIS), tick=False):
        html = client.get(f"/candidatures/{candidature.pk}/").content.decode()
    assert "Dépassée" in html
    assert "le dossier administratif ne peut plus être soumis" in html
    assert "Date 1 du calendrier du dispositif" in html
    assert "003 DSR" not in html and "§" not in html
