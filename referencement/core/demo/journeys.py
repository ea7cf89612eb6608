"""A journey takes one fictional candidature along the lifecycle (DESIGN §4), one real
action per step. Steps are scheduled at plausible instants and replayed in time order
across all journeys, so the audit chain reads as a history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from referencement.candidatures import actions as dossier
from referencement.candidatures.charter_actions import accept_charter
from referencement.candidatures.dossier_fill import fill_asked_elements
from referencement.candidatures.models import Candidature
from referencement.catalog.calendar import add_calendar_days, now, paris_datetime
from referencement.catalog.charters import charter_sha256
from referencement.catalog.choices import CollegeOutcome, QueueBasis
from referencement.catalog.models import Dispositif
from referencement.college import actions as college
from referencement.college import correction_actions as corrections
from referencement.college import reserve_actions as reserves
from referencement.college.models import AgendaItem, ReserveCorrection
from referencement.college.seating import college_members, declaration_refusal
from referencement.college.sessions import (
    SESSION_TIME,
    SESSION_WEEKDAY,
    ensure_sessions_ahead,
    next_session,
)
from referencement.evidence import actions as evidence
from referencement.evidence.expected import chapter_progress, expected_items
from referencement.files.storage import blob_store
from referencement.instruction import actions as instruction
from referencement.instruction import field_test_actions as field_tests
from referencement.instruction import sanction_actions as sanctions
from referencement.instruction.choices import FieldTestOutcome, FieldTestStatus, VerdictValue
from referencement.instruction.queries import evidence_rows, field_test_requirements
from referencement.instruction.rules import accepts_derogation
from referencement.lib.blobstore import PendingBlob
from referencement.registry import actions as registry
from referencement.registry.choices import AuditConclusion, EventKind

from .documents import demo_cda, demo_pdf
from .people import Agency, DemoEditor

_ADMIN = ["create", "fill", "submit"]
_EVIDENCE = [*_ADMIN, "accept", "deposit_all", "submit_evidence"]
_INSTRUCTION = [*_EVIDENCE, "start"]
# 000 §3.3, 004 §4.4: where the catalogue flags requirements, a field test session is held.
_FIELD_TEST = ["propose_field_test", "confirm_field_test", "field_test"]
_SIGNED = [*_INSTRUCTION, "question", "answer", "approve", *_FIELD_TEST, "complete", "sign"]
_COLLEGE = [*_SIGNED, "agenda"]
_SIGNED_UNDER_DEROGATION = [*_INSTRUCTION, "approve_under_derogation", "complete", "sign"]

# Where each journey stops; the candidature's status is the last step's outcome.
PATHS: dict[str, list[str]] = {
    "draft": ["create", "fill"],
    "admin_submitted": _ADMIN,
    "admin_solicited": [*_ADMIN, "admin_question"],
    "admin_accepted": [*_ADMIN, "accept"],
    "admin_rejected": [*_ADMIN, "admin_question", "admin_answer", "reject"],
    "evidence_in_progress": [*_ADMIN, "accept", "deposit_some"],
    "withdrawn": [*_ADMIN, "accept", "deposit_some", "withdraw"],
    "chapter_in_instruction": [*_ADMIN, "accept", "deposit_some", "start"],
    "chapter_awaiting_editor": [*_ADMIN, "accept", "deposit_some", "start", "question"],
    "evidence_complete": _EVIDENCE,
    "in_instruction": _INSTRUCTION,
    "awaiting_editor": [*_INSTRUCTION, "question"],
    "abandoned": [*_INSTRUCTION, "question", "abandon"],
    "instructed": _SIGNED[:-1],
    "convention_signed": _SIGNED,
    "in_college": _COLLEGE,
    "referenced": [*_COLLEGE, "grant", "close"],
    "reserves_to_lift": [*_COLLEGE, "reserve", "close"],
    "reserves_lifted": [*_COLLEGE, "reserve", "close", "lift"],
    "refused": [*_COLLEGE, "refuse", "close"],
    "revoked": [*_COLLEGE, "grant", "close", "audit", "revoke"],
    # 001 §4.4, 003 §4.4: granted on the CNDA pre-examination report, the attestation waits.
    "awaiting_cnda": [*_SIGNED_UNDER_DEROGATION, "agenda", "grant", "close"],
    # 000 §4.4, 002 §4.4, 004 §4.8: breach of the charter.
    "suspended": [*_INSTRUCTION, "suspend"],
    "excluded": [*_INSTRUCTION, "exclude"],
}

STEP_DELAY = timedelta(days=2)
DELAYS = {
    "fill": timedelta(hours=3),
    "answer": timedelta(hours=6),  # within the shortest queue guarantee (24 hours)
    "admin_answer": timedelta(days=1),
    "abandon": timedelta(days=31),  # 001 §4.4, 004 §4.4: 30 days without an answer
    "close": timedelta(hours=2),
    "confirm_field_test": timedelta(hours=4),
    "lift": timedelta(days=10),
    "audit": timedelta(days=150),
    "revoke": timedelta(days=20),
}
# Decisions are taken when the collège sits (weekly, DESIGN §3).
ON_COLLEGE_DAY = frozenset({"grant", "reserve", "refuse"})


def session_after(instant: datetime) -> datetime:
    """The sitting of the first weekly collège at or after `instant`."""
    day = instant.date()
    ahead = (SESSION_WEEKDAY - day.weekday()) % 7
    sits_at = paris_datetime(add_calendar_days(day, ahead), SESSION_TIME)
    if sits_at < instant:
        sits_at = paris_datetime(add_calendar_days(day, ahead + 7), SESSION_TIME)
    return sits_at


def step_times(steps: list[str], origin: datetime) -> list[datetime]:
    times, at = [], origin
    for step in steps:
        at = session_after(at) if step in ON_COLLEGE_DAY else at + DELAYS.get(step, STEP_DELAY)
        times.append(at)
    return times


@contextmanager
def _second_factor(user) -> Iterator[str]:
    """A code for a signature: the demo enrols a throw-away authenticator, then removes it
    (the person enrols at first login)."""
    device = TOTPDevice.objects.create(user=user, name="Démonstration", confirmed=True)
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    yield f"{token:0{device.digits}d}"
    device.delete()


def _pending(data: bytes) -> PendingBlob:
    with blob_store().writer(len(data) + 1) as writer:
        writer.write(data)
        return writer.finish()


@dataclass
class Journey:
    """One candidature of `code` by `applicant`, taken to `target` (a key of PATHS).

    With `start`, the journey begins then; with `resumes` too, the steps after the dossier
    submission happen recently (a funded dispositif whose Date 1 is past). Without `start`,
    the whole journey ends shortly before now, so no deadline sweep moves it on its own.
    """

    code: str
    target: str
    applicant: DemoEditor
    solution: str
    start: datetime | None = None
    resumes: bool = False
    candidature: Candidature | None = field(default=None, init=False)
    agency: Agency | None = field(default=None, init=False)

    @property
    def steps(self) -> list[str]:
        return PATHS[self.target]

    def schedule(self, until: datetime) -> list[tuple[datetime, str]]:
        steps = self.steps
        head = len(steps) if self.start and not self.resumes else 0
        if self.start and self.resumes:
            head = steps.index("submit") + 1
        times = step_times(steps[:head], self.start) if head else []
        tail = steps[head:]
        if tail:
            # Anchored backwards from `until`; a week more when a decision waits for a sitting.
            span = step_times(tail, until)[-1] - until
            if ON_COLLEGE_DAY.intersection(tail):
                span += timedelta(days=7)
            times += step_times(tail, until - span)
        return list(zip(times, steps, strict=True))

    def run(self, step: str) -> None:
        getattr(self, f"step_{step}")()

    # --- the editor's steps ------------------------------------------------------------

    @property
    def member(self):
        return self.applicant.member

    def step_create(self) -> None:
        dispositif = Dispositif.objects.get(code=self.code)
        # 001 §4.3: the legal representative accepts the charter, with the second factor.
        signer = self.applicant.representative
        with _second_factor(signer) as code:
            accept_charter(
                dispositif, actor=signer, text_sha256=charter_sha256(dispositif), otp_token=code
            )
        self.candidature = dossier.create_candidature(
            dispositif, actor=self.member, solution_name=self.solution
        )

    def step_fill(self) -> None:
        c, n = self.candidature, self.candidature.pk
        dossier.update_dossier(c, actor=self.member, values={"nie": f"NIE-DEMO-{n:04d}"})
        dossier.replace_items(
            c,
            "commercial_names",
            [
                {
                    "name": f"{self.solution} Pro",
                    "nil": f"NIL-DEMO-{n:04d}",
                    "technical_version": "3.1.0",
                }
            ],
            actor=self.member,
        )
        dossier.attach_document(
            c,
            "documentation",
            _pending(demo_pdf(f"Documentation de {self.solution} (fictive)")),
            actor=self.member,
            filename="documentation.pdf",
        )
        fill_asked_elements(
            c, actor=self.member, document=lambda: _pending(demo_pdf("Pièce fictive"))
        )
        dispositif = c.dispositif
        profiles = list(dispositif.profiles.filter(mandatory=True))
        for rule in dispositif.rules.filter(kind="at_least_one_of"):
            profiles.append(rule.profiles.order_by("pk").first())
        dossier.set_profiles(c, profiles, actor=self.member)

    def step_submit(self) -> None:
        if self.candidature.dispositif.convention_with_application:
            # 004 §4.2: the signed convention is part of the dossier handed in.
            convention = college.prepare_application_convention(self.candidature, actor=self.member)
            self._sign(convention)
        dossier.submit_dossier(self.candidature, actor=self.member)

    def step_admin_answer(self) -> None:
        solicitation = self.candidature.solicitations.get(answered_at__isnull=True)
        dossier.answer_solicitation(
            solicitation, actor=self.member, answer="Le NIL a été ajouté au dossier."
        )

    def _deposit(self, items) -> None:
        for index, item in enumerate(items):
            if index == 0:
                pending, filename, text = _pending(demo_cda(self.candidature.pk)), "cr.xml", ""
            elif "document" in item.evidence_type.lower():
                pending, filename, text = (
                    _pending(demo_pdf(f"Preuve {item.code}")),
                    "preuve.pdf",
                    "",
                )
            else:
                pending, filename, text = None, "", f"Scénario exécuté : DEMO-{item.code}"
            evidence.deposit(
                self.candidature,
                item.code,
                actor=self.member,
                pending=pending,
                filename=filename,
                text=text,
            )

    def step_deposit_all(self) -> None:
        self._deposit(expected_items(self.candidature))

    def step_deposit_some(self) -> None:
        """Wave 2 (chapter queue): one complete chapter, submitted; otherwise a few items."""
        c = self.candidature
        if c.dispositif.queue_basis != QueueBasis.CHAPTER:
            self._deposit(expected_items(c)[:3])
            return
        chapter = min((p for p in chapter_progress(c) if p.chapter), key=lambda p: len(p.items))
        self._deposit(chapter.items)
        evidence.submit_chapter(c, chapter.code, actor=self.member)

    def step_submit_evidence(self) -> None:
        evidence.submit_evidence_dossier(self.candidature, actor=self.member)

    def step_answer(self) -> None:
        solicitation = self.candidature.solicitations.get(answered_at__isnull=True)
        instruction.answer_solicitation(
            solicitation, "Le scénario a été rejoué, voir la nouvelle capture.", actor=self.member
        )

    def step_propose_field_test(self) -> None:
        """The editor organises the session (000 §3.3), the day after tomorrow's step."""
        if field_test_requirements(self.candidature).exists():
            field_tests.propose_field_test(
                self.candidature,
                scheduled_for=now() + timedelta(days=1),
                place="Recette usine mise à disposition chez un client",
                actor=self.member,
            )

    def _sign(self, convention) -> None:
        signer = self.applicant.representative
        with _second_factor(signer) as code:
            college.sign_convention(convention, actor=signer, otp_token=code)

    def step_sign(self) -> None:
        """The legal representative signs with the second factor (001 §4.5); a convention
        signed with the application (004 §4.2) is not signed again."""
        self.candidature.refresh_from_db()
        if not self.candidature.convention.is_signed:
            self._sign(self.candidature.convention)

    def step_withdraw(self) -> None:
        dossier.withdraw(self.candidature, actor=self.applicant.representative)

    # --- the agency's steps ------------------------------------------------------------

    @property
    def instructor(self):
        return self.agency.instructors[self.candidature.pk % len(self.agency.instructors)]

    def step_admin_question(self) -> None:
        dossier.send_admin_solicitation(
            self.candidature,
            actor=self.instructor,
            question="Le NIL de la dénomination commerciale est-il celui délivré par le CNDA ?",
        )

    def step_accept(self) -> None:
        dossier.accept_dossier(self.candidature, actor=self.instructor)

    def step_reject(self) -> None:
        dossier.reject_dossier(
            self.candidature,
            actor=self.instructor,
            reason="La solution déclarée ne relève pas du périmètre du dispositif.",
        )

    def step_start(self) -> None:
        self.candidature = instruction.start_instruction(self.candidature, actor=self.instructor)

    def step_question(self) -> None:
        instruction.ask_solicitation(
            self.candidature,
            "La capture du scénario 1 ne montre pas l'INS qualifiée : merci de la compléter.",
            actor=self.instructor,
        )

    def step_abandon(self) -> None:
        instruction.abandon_silent(self.candidature.solicitations.get(answered_at__isnull=True))

    def step_approve(self) -> None:
        self._approve(derogation=False)

    def step_approve_under_derogation(self) -> None:
        """The CNDA pre-examination report stands in for its attestation (001 §4.4)."""
        self._approve(derogation=True)

    def _approve(self, *, derogation: bool) -> None:
        for row in evidence_rows(self.candidature):
            if row.assessed and row.version:
                value = (
                    VerdictValue.DEROGATION
                    if derogation and accepts_derogation(row.version.evidence)
                    else VerdictValue.CONFORME
                )
                instruction.give_verdict(row.version, value, actor=self.instructor)

    def step_suspend(self) -> None:
        sanctions.suspend(
            self.candidature,
            reason="Communication non autorisée sur un référencement en cours (charte).",
            actor=self.agency.admin,
        )

    def step_exclude(self) -> None:
        sanctions.exclude(
            self.candidature,
            reason="Manquement grave et répété aux engagements de la charte.",
            actor=self.agency.admin,
        )

    def step_confirm_field_test(self) -> None:
        for session in self.candidature.field_tests.filter(status=FieldTestStatus.PROPOSED):
            field_tests.confirm_field_test(session, actor=self.instructor)

    def step_field_test(self) -> None:
        """The agency documents « l'atteinte ou non des résultats » (000 §3.3)."""
        achieved = {
            requirement.pk: (FieldTestOutcome.ACHIEVED, "Scénario déroulé sans écart.")
            for requirement in field_test_requirements(self.candidature)
        }
        for session in self.candidature.field_tests.filter(status=FieldTestStatus.CONFIRMED):
            field_tests.record_field_test_results(session, achieved, actor=self.instructor)

    def step_complete(self) -> None:
        instruction.complete_instruction(
            self.candidature,
            proposal="Toutes les preuves sont conformes : attribution proposée.",
            actor=self.instructor,
        )

    def step_agenda(self) -> None:
        """On the agenda, countersigned by the agency admin (001 §4.5 « les deux parties »)."""
        ensure_sessions_ahead()
        college.add_to_agenda(next_session(), self.candidature, actor=self.agency.college[0])
        admin = self.agency.admin
        with _second_factor(admin) as code:
            college.countersign_convention(self.candidature.convention, actor=admin, otp_token=code)

    def _session(self):
        return AgendaItem.objects.filter(candidature=self.candidature).latest("pk").session

    def _sitting_members(self) -> list:
        """Every member renews an expired declaration of interests (none to declare)."""
        members = college_members()
        for member in members:
            if declaration_refusal(member, now()):
                college.declare_interests(actor=member, editors=[])
        return members

    def _decide(self, outcome: str, reasons: str = "") -> None:
        """Recorded by one member, confirmed by another, all members present (issue 16)."""
        session = self._session()
        members = self._sitting_members()
        if not session.attendance.exists():
            college.record_attendance(session, {m.pk for m in members}, actor=members[0])
        decision = college.record_decision(
            session, self.candidature, outcome, reasons, actor=self.agency.college[1]
        )
        college.confirm_decision(decision, actor=self.agency.college[0])

    def step_grant(self) -> None:
        outcomes = self.candidature.dispositif.college_outcomes
        granted = (
            CollegeOutcome.ATTRIBUTION
            if CollegeOutcome.ATTRIBUTION in outcomes
            else CollegeOutcome.SANS_RESERVE
        )
        self._decide(granted)

    def step_reserve(self) -> None:
        self._decide(
            CollegeOutcome.RESERVES_NON_BLOQUANTES,
            "Libellé de la version à corriger dans l'interface.",
        )

    def step_refuse(self) -> None:
        self._decide(
            CollegeOutcome.RESERVES_BLOQUANTES,
            "L'INS n'est pas qualifiée avant l'alimentation du DMP.",
        )

    def step_close(self) -> None:
        """Closed once every item of its agenda has a decision (journeys share sessions)."""
        session = self._session()
        if (
            session.is_open
            and not session.agenda.exclude(
                candidature__in=session.decisions.values("candidature")
            ).exists()
        ):
            college.close_session(session, actor=self.agency.college[0])

    def step_lift(self) -> None:
        """004 §4.5: a correction against each reserve, declared ready, then lifted."""
        decision = self.candidature.decisions.latest("decided_at")
        for reserve in decision.reserves.all():
            reserves.deposit_correction(
                reserve,
                actor=self.member,
                note="Libellé corrigé dans la version 4.2.2.",
                upload=(_pending(demo_pdf(f"Correction {reserve.number}")), "correction.pdf"),
            )
        reserves.declare_corrections_ready(decision, actor=self.member)
        for correction in ReserveCorrection.objects.filter(reserve__decision=decision):
            corrections.judge_correction(correction, accepted=True, actor=self.instructor)
        self._sitting_members()
        college.lift_reserves(decision, actor=self.agency.college[0])
        college.confirm_reserves_lift(decision, actor=self.agency.college[1])

    def step_audit(self) -> None:
        registry.record_audit(
            self.candidature.attestations.get(),
            conducted_on=now().date(),
            conclusion=AuditConclusion.FINDINGS,
            summary="L'INS n'est plus vérifiée auprès du téléservice dans la version déployée.",
            actor=self.agency.admin,
        )

    def step_revoke(self) -> None:
        registry.end_referencing(
            self.candidature.attestations.get(),
            kind=EventKind.REVOKED,
            reason="Audit : écarts non corrigés sur l'identito-vigilance.",
            actor=self.agency.admin,
        )
