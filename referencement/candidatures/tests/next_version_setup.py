"""A referenced solution whose every expected item is deposited and judged conforme, and the
collège attribution of a candidature ready for it: the setup of the next-version tests
(issue 14 item 5), shared with the browser test. From the instruction on, it goes through
the actions (instruction, convention signature, agenda, collège decision, attestation)."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.db.models import F
from django.utils import timezone

from referencement.accounts.choices import Role
from referencement.accounts.models import User
from referencement.candidatures.choices import CandidatureStatus
from referencement.candidatures.dossier_fill import PROXY
from referencement.candidatures.models import Candidature, CommercialName, Component
from referencement.candidatures.testing import charter_accepted, pending
from referencement.catalog.choices import CollegeOutcome
from referencement.catalog.versions import latest
from referencement.college.actions import add_to_agenda, sign_convention
from referencement.college.sessions import ensure_sessions_ahead, next_session
from referencement.college.testing import countersign, decide, seat
from referencement.evidence.expected import expected_items
from referencement.evidence.models import Evidence, EvidenceVersion
from referencement.files.storage import store_blob
from referencement.instruction.actions import complete_instruction, start_instruction
from referencement.instruction.choices import VerdictValue
from referencement.instruction.models import Verdict
from referencement.instruction.tests.fixtures import totp_token

REFERENCED_VERSION = "4.2.0"
FIELDS = {"spec": "spec_id", "requirement": "requirement_id", "extra": "extra_id"}


def deposit_every_item(candidature: Candidature, user) -> None:
    """One deposit per expected item (bulk: a dossier has hundreds); the first is a file (a
    blob), the others texts."""
    items = expected_items(candidature)
    Evidence.objects.bulk_create(
        Evidence(candidature=candidature, **{FIELDS[item.kind]: item.target_id}) for item in items
    )
    blob = store_blob(pending())
    EvidenceVersion.objects.bulk_create(
        EvidenceVersion(
            evidence=evidence,
            number=1,
            blob=blob if index == 0 else None,
            filename="preuve.pdf" if index == 0 else "",
            text="" if index == 0 else f"ID d'exécution {evidence.pk}",
            deposited_by=user,
            deposited_at=timezone.now(),
        )
        for index, evidence in enumerate(candidature.evidence.order_by("pk"))
    )


def judge_conforme(candidature: Candidature, instructor) -> None:
    """Setup shortcut: the instructor's verdicts in bulk (the verdict action is tested in
    the instruction app)."""
    unjudged = EvidenceVersion.objects.filter(
        evidence__candidature=candidature, verdict__isnull=True
    ).exclude(evidence__versions__number__gt=F("number"))
    Verdict.objects.bulk_create(
        Verdict(version=version, value=VerdictValue.CONFORME, decided_by=instructor)
        for version in unjudged
    )


def attribute(candidature: Candidature, *, instructor, representative, agency_admin, member):
    """Instruction (every latest version judged conforme unless already judged), convention
    signed by both parties, agenda and attribution at the next sitting, recorded by `member`
    and confirmed by a second member (001 §4.4, §4.5)."""
    candidature.refresh_from_db()
    if candidature.status != CandidatureStatus.IN_INSTRUCTION:
        start_instruction(candidature, actor=instructor)
    judge_conforme(candidature, instructor)
    complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    candidature.refresh_from_db()
    sign_convention(
        candidature.convention, actor=representative, otp_token=totp_token(representative)
    )
    countersign(candidature, agency_admin)
    second_member, _ = User.objects.get_or_create(
        email="seconde-signataire@agence.test",
        defaults={"role": Role.COLLEGE_MEMBER, "full_name": "Seconde Signataire"},
    )
    ensure_sessions_ahead()
    session = next_session()
    add_to_agenda(session, candidature, actor=agency_admin)
    with time_machine.travel(session.sits_at, tick=False):
        seat(session, member, second_member)
        decide(
            session,
            candidature,
            CollegeOutcome.ATTRIBUTION,
            by=member,
            confirmed_by=second_member,
        )
    candidature.refresh_from_db()
    return candidature


def referenced_solution(
    dispositif, *, representative, instructor, agency_admin, member, at: datetime
) -> Candidature:
    """`representative` is the editor's legal representative (they sign the convention)."""
    editor = representative.editor
    editor.legal_representative_user = representative
    editor.legal_representative_email = representative.email
    editor.legal_representative_function = "Président"
    editor.legal_representative_phone = "0102030405"
    editor.contact_phone = "0102030406"
    editor.save()
    with time_machine.travel(at, tick=False):
        charter_accepted(dispositif, representative)  # 001 §4.3, before the first dossier
        candidature = Candidature.objects.create(
            editor=representative.editor,
            dispositif=dispositif,
            status=CandidatureStatus.EVIDENCE_COMPLETE,
            solution_name="DossierPlus",
            created_by=representative,
            queue_entered_at=timezone.now(),
            catalogue_version=latest(dispositif),
            nie="NIE-0001",
            documentation=store_blob(pending()),
            documentation_name="documentation.pdf",
            # 001 §4.3: the eligibility form; no end-of-maintenance version to declare.
            dossier_details={
                "eligibility_declaration": True,
                "not_applicable": ["end_of_maintenance_versions"],
            },
        )
        # 001 §1.2: the solution's Proxy e-santé component.
        Component.objects.create(candidature=candidature, **PROXY)
        candidature.profiles.set(dispositif.profiles.filter(mandatory=True))
        CommercialName.objects.create(
            candidature=candidature,
            name="DossierPlus Pro",
            nil="NIL-0001",
            technical_version=REFERENCED_VERSION,
        )
        deposit_every_item(candidature, representative)
        return attribute(
            candidature,
            instructor=instructor,
            representative=representative,
            agency_admin=agency_admin,
            member=member,
        )
