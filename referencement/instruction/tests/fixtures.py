"""Fixtures shared by the tests of the instruction, college, registry, notifications and
dashboard apps: catalogues, candidatures built directly in the database in the status a
test needs, and a loopback SMTP server."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from itertools import count
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import UserFactory, free_port
from referencement.accounts.choices import Role
from referencement.candidatures.choices import CandidatureStatus
from referencement.candidatures.models import Candidature, CommercialName
from referencement.catalog.actions import load_catalogue
from referencement.catalog.catalogue_files import CATALOGUE_DIR, read_catalogue
from referencement.catalog.choices import CatalogStatus
from referencement.catalog.models import (
    Chapter,
    Dispositif,
    EvidenceSpec,
    Profile,
    Requirement,
    Scenario,
)
from referencement.college.actions import add_to_agenda, sign_convention
from referencement.college.models import CollegeSession
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.testing import countersign, decide, seat
from referencement.evidence.actions import declare_equivalence
from referencement.evidence.models import Evidence, EvidenceVersion
from referencement.instruction.actions import complete_instruction, give_verdict, start_instruction
from referencement.instruction.assignment_actions import assign_dispositifs
from referencement.instruction.choices import VerdictValue
from referencement.registry.models import Attestation

_serial = count(1)


class _Catalogues(dict):
    """Loads a shipped catalogue with the catalog app's loader the first time it is used."""

    def __missing__(self, code: str) -> Dispositif:
        load_catalogue(read_catalogue(CATALOGUE_DIR / f"{code}.yaml"))
        self[code] = Dispositif.objects.get(code=code)
        return self[code]


@pytest.fixture
def catalogues(db) -> dict[str, Dispositif]:
    return _Catalogues()


def _spec(dispositif: Dispositif, profile: Profile, *, field_test: bool) -> EvidenceSpec:
    n = next(_serial)
    chapter, _ = Chapter.objects.get_or_create(
        dispositif=dispositif,
        code="TEST-TERRAIN" if field_test else "TEST",
        defaults={"title": "Chapitre de test", "field_test": field_test, "order": 999},
    )
    requirement = Requirement.objects.create(
        dispositif=dispositif, code=f"SC.TEST.{n:03d}", chapter=chapter, perimeter="vague_2"
    )
    requirement.profiles.set([profile])
    scenario = Scenario.objects.create(requirement=requirement, code=f"SC.TEST.{n:03d}.1")
    return EvidenceSpec.objects.create(scenario=scenario, code=f"SC.TEST.{n:03d}.1.1")


def assigned_everywhere(instructor) -> None:
    """Issue 15 item 6: an instructor's lists show the dispositifs assigned to them; the
    tests of those lists have an agency admin assign every loaded dispositif."""
    admin = UserFactory(role=Role.AGENCY_ADMIN)
    assign_dispositifs(instructor, Dispositif.objects.all(), actor=admin)


def only_test_requirements(dispositif: Dispositif) -> None:
    """The complete dossier (001 §4.4) of a fixture candidature is the evidence it builds:
    the shipped requirement IDs of the dispositif are retired for the test."""
    Requirement.objects.filter(dispositif=dispositif).exclude(code__startswith="SC.TEST.").update(
        status=CatalogStatus.RETIRED
    )


def make_candidature(
    dispositif: Dispositif,
    *,
    editor,
    created_by,
    status: str = CandidatureStatus.EVIDENCE_COMPLETE,
    queue_entered_at: datetime | None = None,
    evidence: int = 2,
    field_test: bool = False,
    solution_name: str = "Solution fictive",
) -> Candidature:
    """A candidature whose applicable items are `evidence` test specs (of a profile of its
    own) plus the dispositif's extra evidence (CNDA…), each with one deposited version."""
    only_test_requirements(dispositif)
    n = next(_serial)
    profile = Profile.objects.create(
        dispositif=dispositif, code=f"TEST-{n}", label=f"Profil de test {n}", order=999
    )
    candidature = Candidature.objects.create(
        editor=editor,
        dispositif=dispositif,
        status=status,
        solution_name=solution_name,
        created_by=created_by,
        queue_entered_at=queue_entered_at or timezone.now(),
    )
    candidature.profiles.set([*dispositif.profiles.filter(mandatory=True), profile])
    CommercialName.objects.create(
        candidature=candidature, name=f"{solution_name} Pro", technical_version="4.2.1"
    )
    for index in range(evidence):
        item = Evidence.objects.create(
            candidature=candidature,
            spec=_spec(dispositif, profile, field_test=field_test and index == 0),
        )
        deposit(item, created_by)
    for extra in dispositif.extra_evidence.all():
        deposit(Evidence.objects.create(candidature=candidature, extra=extra), created_by)
    return candidature


def deposit(item: Evidence, user, text: str = "ID d'exécution du scénario") -> EvidenceVersion:
    number = item.versions.count() + 1
    return EvidenceVersion.objects.create(
        evidence=item,
        number=number,
        text=f"{text} {number}",
        deposited_by=user,
        deposited_at=timezone.now(),
        conformity_report={"findings": [{"rule": "INS-01", "severity": "info", "message": "ok"}]},
    )


def latest_versions(candidature: Candidature) -> list[EvidenceVersion]:
    return [item.versions.order_by("-number").first() for item in candidature.evidence.all()]


def totp_token(user) -> str:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "test"}
    )
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list = []

    def texts(self) -> list[str]:
        """Each received message as « recipient | subject | body », decoded."""
        texts = []
        for envelope in self.messages:
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            body = message.get_body(("plain",)).get_content()
            texts.append(f"{','.join(envelope.rcpt_tos)} | {message['subject']} | {body}")
        return texts

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on the loopback; Django's SMTP backend talks to it."""
    mailbox = _Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


def source_attestation(editor, code: str, created_by) -> Attestation:
    """A valid attestation of `code` (a wave-1 dispositif the platform does not run, made
    from a shipped one) held by `editor`: the ground of an equivalence claim (003 §3.1)."""
    source = Dispositif.objects.filter(code=code).first()
    if source is None:
        source = Dispositif.objects.order_by("pk").first()
        source.pk, source.code = None, code
        source.save()
    candidature = Candidature.objects.create(
        editor=editor,
        dispositif=source,
        status=CandidatureStatus.REFERENCED,
        solution_name="Solution de vague 1",
        created_by=created_by,
    )
    sequence = next(_serial)
    return Attestation.objects.create(
        number=f"SEGUR-{code}-2022-{sequence:05d}",
        candidature=candidature,
        dispositif=source,
        year=2022,
        sequence=sequence,
        editor_name=editor.name,
        solution_name=candidature.solution_name,
    )


def equivalence_claim(dispositif: Dispositif, *, editor, created_by, instructor) -> Evidence:
    """A candidature in instruction with one wave-1 requirement claimed by equivalence on
    the editor's HOP-PFI-Va1 referencing (003 §3.1); to call before the dispositif's Date 2."""
    candidature = make_candidature(dispositif, editor=editor, created_by=created_by)
    requirement = Requirement.objects.create(
        dispositif=dispositif, code="SC.TEST.VAGUE-1", perimeter="vague_1"
    )
    requirement.profiles.set([candidature.profiles.get(mandatory=False)])
    candidature.previous_referencing_number = source_attestation(
        editor, "HOP-PFI-Va1", created_by
    ).number
    candidature.save()
    evidence = declare_equivalence(candidature, "SC.TEST.VAGUE-1", actor=created_by)
    start_instruction(candidature, actor=instructor)
    return evidence


def judge_all(candidature, instructor, cnda=VerdictValue.CONFORME) -> None:
    """Every latest version judged conforme; the CNDA item gets `cnda` (e.g. the derogation)."""
    for version in filter(None, latest_versions(candidature)):
        value = (
            (cnda or VerdictValue.CONFORME)
            if version.evidence.code == "CNDA"
            else VerdictValue.CONFORME
        )
        give_verdict(version, value, actor=instructor)


@pytest.fixture
def staff(representative, instructor, agency_admin, college_member) -> SimpleNamespace:
    """Who takes a candidature from instruction to attribution; two members sign decisions."""
    return SimpleNamespace(
        representative=representative,
        instructor=instructor,
        agency_admin=agency_admin,
        college_member=college_member,
        second_member=UserFactory(role=Role.COLLEGE_MEMBER),
    )


def attribute(candidature, staff, mover, after_instruction=None) -> Candidature:
    """Instruction completed, convention signed, on the next sitting's agenda, attributed at
    the sitting (staff: representative, instructor, agency_admin, college_member and
    second_member, who confirms the decision)."""
    complete_instruction(candidature, proposal="Attribution proposée.", actor=staff.instructor)
    if after_instruction:
        after_instruction()
    candidature.refresh_from_db()
    sign_convention(
        candidature.convention,
        actor=staff.representative,
        otp_token=totp_token(staff.representative),
    )
    countersign(candidature, staff.agency_admin)
    ensure_sessions_ahead()
    session = CollegeSession.objects.order_by("sits_at").first()
    add_to_agenda(session, candidature, actor=staff.agency_admin)
    mover.move_to(session.sits_at)
    seat(session, staff.college_member, staff.second_member)
    outcome = candidature.dispositif.college_outcomes[0]
    decide(session, candidature, outcome, by=staff.college_member, confirmed_by=staff.second_member)
    candidature.refresh_from_db()
    return candidature
