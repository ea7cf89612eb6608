"""From a candidature ready for instruction to a revoked referencing, for each collège
outcome set: two outcomes (MS-DUI-Va2, 001 §4.5), three outcomes with the simplified lifting
(HOP-DPI-Va1, 004 §4.5), and a « sans financement » dispositif (MDV-LGC-Va1-SF, 002 §4.1)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from conftest import UserFactory, login
from referencement.accounts.choices import Role
from referencement.audit.models import AuditEvent
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.choices import CollegeOutcome
from referencement.college.actions import close_session
from referencement.college.models import Decision
from referencement.college.reserve_actions import declare_corrections_ready, deposit_correction
from referencement.college.sessions import ensure_sessions_ahead, next_session
from referencement.college.testing import lift
from referencement.core.worker import run_once
from referencement.instruction.actions import answer_solicitation
from referencement.instruction.queue import with_positions
from referencement.instruction.tests.fixtures import latest_versions, make_candidature, totp_token
from referencement.notifications.models import Notification

PARIS = ZoneInfo("Europe/Paris")


def as_user(user) -> Client:
    """A fresh client: the inactivity timeout must not see the frozen clock jump."""
    return login(Client(), user)


def _journey(catalogues, code, start, *, editor, other_editor, smtp_server, outcomes):
    dispositif = catalogues[code]
    representative = UserFactory(role=Role.EDITOR_ADMIN, editor=editor)
    editor.legal_representative_user = representative
    editor.save()
    instructor = UserFactory(role=Role.INSTRUCTOR)
    member = UserFactory(role=Role.COLLEGE_MEMBER)
    second = UserFactory(role=Role.COLLEGE_MEMBER)
    admin = UserFactory(role=Role.AGENCY_ADMIN)
    other_member = UserFactory(role=Role.EDITOR_MEMBER, editor=other_editor)

    with time_machine.travel(start, tick=False):
        ours = make_candidature(
            dispositif,
            editor=editor,
            created_by=representative,
            solution_name="DossierPlus",
            queue_entered_at=start - timedelta(days=2),
        )
        theirs = make_candidature(
            dispositif,
            editor=other_editor,
            created_by=other_member,
            solution_name="Autre",
            queue_entered_at=start - timedelta(days=1),
        )
        staff = as_user(instructor)
        assert staff.post(f"/instruction/{ours.pk}/commencer/").status_code == 302
        staff.post(f"/instruction/{ours.pk}/sollicitation/", {"question": "Précisez le scénario."})
        ours.refresh_from_db()
        assert ours.status == S.AWAITING_EDITOR
        assert [c.position for c in with_positions([ours, theirs])] == [1, 2]

    # Answered after the guarantee (10 days for Va2, 24 hours otherwise): place lost.
    late = start + timedelta(days=11)
    with time_machine.travel(late, tick=False) as traveller:
        solicitation = ours.solicitations.get()
        answer_solicitation(solicitation, "Scénario complété.", actor=representative)
        ours.refresh_from_db()
        assert ours.queue_entered_at == late
        assert [c.position for c in with_positions([ours, theirs])] == [2, 1]

        staff = as_user(instructor)
        for version in latest_versions(ours):
            staff.post(f"/instruction/{ours.pk}/versions/{version.pk}/avis/", {"value": "conforme"})
        staff.post(f"/instruction/{ours.pk}/terminer/", {"proposal": "Attribution proposée."})
        ours.refresh_from_db()
        assert ours.status == S.INSTRUCTED

        signer = as_user(representative)
        page = signer.get(f"/mes-candidatures/{ours.pk}/convention/")
        assert "Signer électroniquement" in page.content.decode()
        signer.post(
            f"/mes-candidatures/{ours.pk}/convention/",
            {"otp_token": totp_token(representative), "approve": "on"},
        )
        ours.refresh_from_db()
        assert ours.status == S.CONVENTION_SIGNED
        signed = AuditEvent.objects.get(action="college.convention_signed")
        assert signed.new_values["signed_sha256"] == ours.convention.signed_sha256

        ensure_sessions_ahead()
        session = next_session()
        college = as_user(member)
        college.post(f"/college/seances/{session.pk}/ordre-du-jour/")
        ours.refresh_from_db()
        assert ours.status == S.IN_COLLEGE
        # 001 §4.5 « par les deux parties »: the agency countersigns before the collège.
        as_user(admin).post(
            f"/college/conventions/{ours.pk}/contresigner/",
            {"otp_token": totp_token(admin), "approve": "on"},
        )
        # 001 §4.5: the collège decides at its weekly sitting, two members present.
        traveller.move_to(session.sits_at)
        for person in (member, second):
            as_user(person).post("/college/declaration-interets/", {})
        college = as_user(member)
        college.post(
            f"/college/seances/{session.pk}/presences/", {"present": [member.pk, second.pk]}
        )
        for outcome in outcomes:
            reasons = "" if outcome in {"attribution", "sans_reserve"} else "Libellé à corriger"
            college.post(
                f"/college/seances/{session.pk}/decisions/{ours.pk}/",
                {
                    f"c{ours.pk}-outcome": outcome,
                    f"c{ours.pk}-reasons": reasons,
                    "confirm": "oui",
                },
            )
        decision = Decision.objects.get(candidature=ours)
        as_user(second).post(f"/college/decisions/{decision.pk}/confirmer/", {"confirm": "oui"})
        ours.refresh_from_db()
        if ours.status == S.RESERVES_TO_LIFT:  # 004 §4.5: lifted on proof of correction
            decision.refresh_from_db()
            deposit_correction(
                decision.reserves.get(), actor=representative, note="Libellé corrigé."
            )
            declare_corrections_ready(decision, actor=representative)
            lift(decision, judged_by=instructor, by=member, confirmed_by=second)
            ours.refresh_from_db()
        assert ours.status == S.REFERENCED
        close_session(session, actor=member)
        session.refresh_from_db()
        with session.minutes.open("rb") as minutes:
            assert minutes.read(4) == b"%PDF"
        run_once("e2e-worker")  # publishes the registry edition

        attestation = ours.attestations.get()
        assert re.fullmatch(rf"SEGUR-{re.escape(code)}-{late.year}-00001", attestation.number)
        with attestation.pdf.open("rb") as pdf:
            assert pdf.read(4) == b"%PDF"

        public = Client()
        listing = public.get("/registre/", {"dispositif": code}).content.decode()
        assert attestation.number in listing and "DossierPlus" in listing
        candidates = public.get("/registre/", {"liste": "candidats"}).content.decode()
        # 001 §4.1, 003 §4.2.4 publish wave-2 candidates; 000 §4.3, 002 §4.3, 004 §4.7 do not.
        assert ("Autre" in candidates) == dispositif.candidates_public
        api = public.get("/api/v1/registry", {"dispositif": code}).json()
        assert [a["number"] for a in api["referenced"]] == [attestation.number]
        verified = public.get(f"/registre/attestations/{attestation.number}/").content.decode()
        assert "Référencement valide" in verified

        run_once("e2e-worker")
        texts = smtp_server.texts()
        assert any("Décision du collège" in t and representative.email in t for t in texts)
        assert any("Demande de complément" in t for t in texts)

    revoked_on = late + timedelta(days=40)
    with time_machine.travel(revoked_on, tick=False):
        agency = as_user(admin)
        data = {
            "kind": "revoked",
            "effective_on": revoked_on.date().isoformat(),
            "reason": "Audit : INS non conforme",
        }
        confirm = agency.post(f"/agence/referencements/{attestation.number}/fin/", data)
        assert "Confirmer" in confirm.content.decode()
        attestation.refresh_from_db()
        assert attestation.status == "valid"  # nothing happens before the confirmation
        agency.post(f"/agence/referencements/{attestation.number}/fin/", {**data, "confirm": "oui"})
        ours.refresh_from_db()
        assert ours.status == S.REVOKED
        run_once("e2e-worker")

        public = Client()
        verified = public.get(f"/registre/attestations/{attestation.number}/").content.decode()
        assert "Référencement révoqué" in verified
        assert (
            public.get(f"/api/v1/attestations/{attestation.number}").json()["status"] == "revoked"
        )
        before = (revoked_on - timedelta(days=1)).date().isoformat()
        assert (
            attestation.number
            in public.get("/api/v1/registry.csv", {"at": before}).content.decode()
        )
        assert attestation.number not in public.get("/api/v1/registry.csv").content.decode()
        assert Notification.objects.filter(
            recipient=representative, kind="registry.revoked"
        ).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("code", "start", "outcomes"),
    [
        pytest.param(
            "MS-DUI-Va2",
            datetime(2027, 5, 3, 10, tzinfo=PARIS),
            [CollegeOutcome.ATTRIBUTION],
            id="ms_dui_va2_attribution_001_4_5",
        ),
        pytest.param(
            "HOP-DPI-Va1",
            datetime(2022, 3, 7, 10, tzinfo=PARIS),
            [CollegeOutcome.RESERVES_NON_BLOQUANTES],
            id="hop_dpi_va1_non_blocking_reserves_lifted_004_4_5",
        ),
        pytest.param(
            "MDV-LGC-Va1-SF",
            datetime(2026, 2, 2, 10, tzinfo=PARIS),
            [CollegeOutcome.SANS_RESERVE],
            id="sans_financement_sans_reserve_002_4_1",
        ),
    ],
)
def test_a_candidature_goes_from_instruction_to_revoked_referencing_for_each_outcome_set(
    catalogues, editor, other_editor, smtp_server, code, start, outcomes
):
    _journey(
        catalogues,
        code,
        start,
        editor=editor,
        other_editor=other_editor,
        smtp_server=smtp_server,
        outcomes=outcomes,
    )
