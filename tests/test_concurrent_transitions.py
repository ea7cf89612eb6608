"""Exactly-once transitions (issue 16 item 1): per action family, 20 contradictory requests
at once, each in its own thread with its own database connection. Exactly one succeeds,
the audit log holds exactly one event for it and the final state is the winner's.

The lifecycle they protect is DESIGN §4 and the texts' « rejeté » and collège outcomes are
final (001 §4.3, §4.5; 004 §4.5)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections, transaction
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice

import referencement
from conftest import UserFactory
from referencement.accounts.choices import Role
from referencement.accounts.testing import issue_api_token
from referencement.audit.models import AuditEvent
from referencement.candidatures.actions import accept_dossier, reject_dossier, submit_dossier
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature, Solicitation
from referencement.candidatures.testing import charter_accepted, draft, fill_dossier
from referencement.catalog.actions import load_catalogue
from referencement.catalog.catalogue_files import CATALOGUE_DIR, read_catalogue
from referencement.catalog.choices import CollegeOutcome
from referencement.catalog.models import Dispositif
from referencement.college.actions import (
    build_agenda,
    confirm_decision,
    prepare_application_convention,
    record_decision,
    sign_convention,
)
from referencement.college.models import AgendaItem, CollegeSession, Convention, Decision
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.testing import countersign, decide, one_time_code
from referencement.college.tests.test_college import instructed, on_agenda
from referencement.core.errors import Conflict
from referencement.core.locking import lock
from referencement.evidence.models import EvidenceVersion
from referencement.instruction.actions import (
    answer_solicitation,
    ask_solicitation,
    give_verdict,
    start_instruction,
)
from referencement.instruction.choices import VerdictValue
from referencement.instruction.models import Verdict
from referencement.instruction.tests.fixtures import latest_versions, make_candidature
from referencement.registry.actions import end_referencing
from referencement.registry.choices import AttestationStatus, EventKind
from referencement.registry.models import Attestation

PARIS = ZoneInfo("Europe/Paris")
# A Thursday, the day of a weekly sitting, before the Date 3 of MS-DUI-Va2.
SITTING_DAY = datetime(2027, 5, 6, 10, tzinfo=PARIS)
REQUESTS = 20

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite's in-memory test database cannot give each thread its own waiting "
        "connection (a shared cache answers « table locked » instead of waiting); "
        "these races run on PostgreSQL.",
    ),
]


def loaded(code: str) -> Dispositif:
    load_catalogue(read_catalogue(CATALOGUE_DIR / f"{code}.yaml"))
    return Dispositif.objects.get(code=code)


@pytest.fixture
def va2(db) -> Dispositif:
    return loaded("MS-DUI-Va2")


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls at the same instant, one thread and one connection each; returns what
    each returned or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            connection.ensure_connection()  # connected before the start, to start together
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 (the outcome under test)
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never returned"
    return outcomes


def winners(outcomes: list[object], refusal: type[Exception]) -> list[int]:
    """Indexes of the requests that succeeded; every other one was refused with `refusal`
    and a French message."""
    unexpected = [
        o
        for o in outcomes
        if isinstance(o, Exception) and not (isinstance(o, refusal) and str(o).strip())
    ]
    assert not unexpected, unexpected
    return [i for i, o in enumerate(outcomes) if not isinstance(o, Exception)]


def events(action_prefix: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action__startswith=action_prefix))


def test_admin_acceptance_and_rejection_at_once_leave_exactly_one_decision_001_4_3(
    va2, editor, editor_member, instructor
):
    candidature = make_candidature(
        va2, editor=editor, created_by=editor_member, status=S.ADMIN_SUBMITTED
    )

    def decide(index: int) -> Callable[[], object]:
        stale = Candidature.objects.get(pk=candidature.pk)
        if index % 2:
            return lambda: reject_dossier(stale, actor=instructor, reason=f"Motif {index}")
        return lambda: accept_dossier(stale, actor=instructor)

    outcomes = race([decide(i) for i in range(REQUESTS)])

    [winner] = winners(outcomes, Conflict)
    decided = events("candidature.admin_")
    expected = S.ADMIN_REJECTED if winner % 2 else S.ADMIN_ACCEPTED
    assert [e.action for e in decided] == [f"candidature.{expected}"]
    assert decided[0].old_values == {"status": S.ADMIN_SUBMITTED}
    candidature.refresh_from_db()
    assert candidature.status == expected


@time_machine.travel(SITTING_DAY, tick=False)
def test_contradictory_verdicts_at_once_record_exactly_one_001_4_4(
    va2, editor, editor_member, instructor
):
    candidature = make_candidature(va2, editor=editor, created_by=editor_member)
    start_instruction(candidature, actor=instructor)
    version = latest_versions(candidature)[0]

    def judge(index: int) -> Callable[[], object]:
        stale = EvidenceVersion.objects.select_related("evidence__candidature").get(pk=version.pk)
        value = VerdictValue.NON_CONFORME if index % 2 else VerdictValue.CONFORME
        # Each instructor saw the item unjudged (the page's hidden « seen » field).
        return lambda: give_verdict(stale, value, f"Avis {index}", actor=instructor, seen="")

    outcomes = race([judge(i) for i in range(REQUESTS)])

    [winner] = winners(outcomes, ValidationError)
    assert len(events("instruction.verdict")) == 1
    verdict = Verdict.objects.get(version=version)
    assert verdict.value == outcomes[winner].value
    assert verdict.comment == f"Avis {winner}"


@time_machine.travel(SITTING_DAY, tick=False)
def test_an_instruction_solicitation_is_answered_exactly_once_001_4_4(
    va2, editor, editor_member, instructor
):
    candidature = make_candidature(va2, editor=editor, created_by=editor_member)
    start_instruction(candidature, actor=instructor)
    solicitation = ask_solicitation(candidature, "Précisez le scénario.", actor=instructor)

    def answer(index: int) -> Callable[[], object]:
        stale = Solicitation.objects.select_related("candidature").get(pk=solicitation.pk)
        return lambda: answer_solicitation(stale, f"Réponse {index}", actor=editor_member)

    outcomes = race([answer(i) for i in range(REQUESTS)])

    [winner] = winners(outcomes, ValidationError)
    assert len(events("instruction.solicitation_answered")) == 1
    assert len(events(f"candidature.{S.IN_INSTRUCTION}")) == 2  # started, then resumed
    solicitation.refresh_from_db()
    assert solicitation.answer == f"Réponse {winner}"
    candidature.refresh_from_db()
    assert candidature.status == S.IN_INSTRUCTION


@pytest.fixture
def second_member(db):
    return UserFactory(role=Role.COLLEGE_MEMBER)


@time_machine.travel(SITTING_DAY, tick=False)
def test_contradictory_college_decisions_at_once_record_exactly_one_001_4_5(
    va2, editor, representative, instructor, agency_admin, college_member, second_member
):
    members = (college_member, second_member)
    session, candidature = on_agenda(va2, editor, representative, instructor, agency_admin, members)

    def propose(index: int) -> Callable[[], object]:
        stale_session = CollegeSession.objects.get(pk=session.pk)
        stale = Candidature.objects.get(pk=candidature.pk)
        if index % 2:
            outcome, reasons = CollegeOutcome.RESERVES_BLOQUANTES, f"Preuve {index}"
        else:
            outcome, reasons = CollegeOutcome.ATTRIBUTION, ""
        return lambda: record_decision(stale_session, stale, outcome, reasons, actor=college_member)

    [winner] = winners(race([propose(i) for i in range(REQUESTS)]), ValidationError)
    decision = Decision.objects.get()
    assert len(events("college.decision_recorded")) == 1

    def confirm(_: int) -> Callable[[], object]:
        stale = Decision.objects.get(pk=decision.pk)
        return lambda: confirm_decision(stale, actor=second_member)

    winners(race([confirm(i) for i in range(REQUESTS)]), ValidationError)
    moved = [e for e in events("candidature.") if e.old_values == {"status": S.IN_COLLEGE}]
    assert len(moved) == 1
    candidature.refresh_from_db()
    granted = decision.outcome == CollegeOutcome.ATTRIBUTION
    assert granted == (winner % 2 == 0)
    assert candidature.status == (S.REFERENCED if granted else S.REFUSED)
    assert Attestation.objects.count() == (1 if granted else 0)


@time_machine.travel(SITTING_DAY, tick=False)
def test_agendas_built_at_once_place_every_signed_dossier_once_001_4_5(
    va2, editor, representative, instructor, agency_admin
):
    signed = []
    for _ in range(3):
        candidature = instructed(va2, editor, representative, instructor)
        sign_convention(
            candidature.convention, actor=representative, otp_token=one_time_code(representative)
        )
        countersign(candidature, agency_admin)
        signed.append(candidature.pk)
    ensure_sessions_ahead()
    session = CollegeSession.objects.first()

    def build(_: int) -> Callable[[], object]:
        stale = CollegeSession.objects.get(pk=session.pk)
        return lambda: build_agenda(stale, actor=agency_admin)

    outcomes = race([build(i) for i in range(REQUESTS // 2)])

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(outcomes) == 3
    placed = AgendaItem.objects.filter(session=session)
    assert sorted(placed.values_list("candidature", flat=True)) == sorted(signed)
    assert len(events("candidature.in_college")) == 3


@time_machine.travel(SITTING_DAY, tick=False)
def test_revocation_and_withdrawal_at_once_end_the_referencing_once(
    va2, editor, representative, instructor, agency_admin, college_member, second_member
):
    members = (college_member, second_member)
    session, candidature = on_agenda(va2, editor, representative, instructor, agency_admin, members)
    decide(
        session,
        candidature,
        CollegeOutcome.ATTRIBUTION,
        by=college_member,
        confirmed_by=second_member,
    )
    attestation = Attestation.objects.get()

    def end(index: int) -> Callable[[], object]:
        stale = Attestation.objects.select_related("candidature").get(pk=attestation.pk)
        kind = EventKind.REVOKED if index % 2 else EventKind.WITHDRAWN
        return lambda: end_referencing(
            stale, kind=kind, reason=f"Motif {index}", actor=agency_admin
        )

    outcomes = race([end(i) for i in range(REQUESTS)])

    [winner] = winners(outcomes, ValidationError)
    kind = EventKind.REVOKED if winner % 2 else EventKind.WITHDRAWN
    attestation.refresh_from_db()
    assert attestation.status == AttestationStatus(kind)
    assert attestation.end_reason == f"Motif {winner}"
    assert attestation.events.filter(kind__in=[EventKind.REVOKED, EventKind.WITHDRAWN]).count() == 1
    ended = [e for e in events("candidature.") if e.old_values == {"status": S.REFERENCED}]
    assert len(ended) == 1
    candidature.refresh_from_db()
    assert candidature.status == (S.REVOKED if kind == EventKind.REVOKED else S.WITHDRAWN)


def test_twenty_posts_with_one_idempotency_key_open_one_candidature(editor, editor_member):
    dispositif = loaded("MS2-DUI-PDE-Va1-SF")  # open permanently, 000 §4.1
    charter_accepted(dispositif, editor_member)
    _, token = issue_api_token(editor_member, name="CI")

    def post(index: int) -> Callable[[], object]:
        return lambda: Client().post(
            "/api/v1/candidatures",
            {"dispositif": dispositif.code, "solution_name": f"Solution {index}"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY="double-clic-1",
        )

    responses = race([post(i) for i in range(REQUESTS)])

    assert [r.status_code for r in responses] == [201] * REQUESTS
    candidature = Candidature.objects.get()
    assert {r.json()["id"] for r in responses} == {candidature.pk}
    assert len(events("candidature.created")) == 1


def test_signing_and_submitting_at_once_never_submit_an_unsigned_dossier_004_4_2(
    representative, editor_member
):
    """004 §4.2: the signed convention is part of the dossier. Signatures and submissions
    at once: one signature, at most one submission, and a submitted dossier was signed
    before it was submitted."""
    loaded("HOP-DPI-Va1")
    with time_machine.travel(datetime(2022, 3, 10, 10, tzinfo=PARIS), tick=False):
        candidature = fill_dossier(draft("HOP-DPI-Va1", editor_member), editor_member)
        convention = prepare_application_convention(candidature, actor=editor_member)
        codes = [one_time_code(representative) for _ in range(REQUESTS // 2)]

        def call(index: int) -> Callable[[], object]:
            if index % 2:
                stale = Candidature.objects.get(pk=candidature.pk)
                return lambda: submit_dossier(stale, actor=editor_member)
            stale = Convention.objects.get(pk=convention.pk)
            code = codes[index // 2]
            return lambda: sign_convention(stale, actor=representative, otp_token=code)

        outcomes = race([call(i) for i in range(REQUESTS)])

    refused = [o for o in outcomes if isinstance(o, Exception)]
    unexpected = [o for o in refused if not isinstance(o, ValidationError | Conflict)]
    assert not unexpected, unexpected
    signed = events("college.convention_signed")
    submitted = events("candidature.admin_submitted")
    assert len(signed) == 1 and len(submitted) <= 1
    candidature.refresh_from_db()
    if submitted:
        assert candidature.status == S.ADMIN_SUBMITTED
        assert signed[0].sequence < submitted[0].sequence
    else:
        assert candidature.status == S.DRAFT


def test_a_locked_row_still_takes_the_rows_that_refer_to_it(representative):
    """A person's row locked by an action (the second-factor check locks it, then waits
    for the audit log's head) must not stop another transaction from committing a row
    that refers to the person (a signed convention's `signed_by`, a backup-code device):
    that transaction may hold the head, and each would wait for the other. CI saw this
    deadlock once among twenty signatures and submissions at once (the 004 §4.2 race
    above). A FOR UPDATE lock fails here; a FOR NO KEY UPDATE lock passes."""
    row_locked = threading.Event()
    row_inserted = threading.Event()

    def hold_the_row() -> None:
        try:
            with transaction.atomic():
                lock(representative)
                row_locked.set()
                row_inserted.wait(timeout=60)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert row_locked.wait(timeout=60)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            StaticDevice.objects.create(user=representative, name="secours")
    except OperationalError as error:
        pytest.fail(f"the new row waited for the locked one: {error}")
    finally:
        row_inserted.set()
        holder.join(timeout=60)
    assert StaticDevice.objects.filter(user=representative).exists()


def test_every_row_lock_is_taken_by_the_locking_module():
    """The no-key locks above hold only if no action locks a row another way."""
    package = Path(referencement.__file__).parent
    elsewhere = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "select_for_update" in path.read_text(encoding="utf-8")
        and path != package / "core" / "locking.py"
    ]
    assert elsewhere == []
