"""`referencement demo` fills an empty instance with a fictional dataset built through the
real actions: every lifecycle status, a registry with referenced and revoked solutions, an
intact audit chain; it refuses an instance that already holds data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from referencement.accounts.models import Editor
from referencement.audit.verification import verify_chain
from referencement.candidatures.choices import CandidatureStatus
from referencement.candidatures.models import Candidature
from referencement.evidence.models import EvidenceVersion
from referencement.registry.models import Attestation


@pytest.mark.django_db(transaction=True)
def test_the_demo_fills_an_empty_instance_then_refuses_a_second_run():
    out = StringIO()
    call_command("demo", stdout=out)

    statuses = set(Candidature.objects.values_list("status", flat=True))
    assert statuses == set(CandidatureStatus.values)
    assert {"valid", "revoked"} <= set(Attestation.objects.values_list("status", flat=True))
    count, problems = verify_chain()
    assert count > 0 and problems == []
    checked = EvidenceVersion.objects.filter(filename="cr.xml")
    assert checked.exists() and not checked.filter(conformity_status="pending").exists()
    assert "Demo-Referencement-2026" in out.getvalue()

    public = Client()
    referenced = public.get("/api/v1/registry").json()["referenced"]
    assert referenced
    assert {a["editor"] for a in referenced} <= set(Editor.objects.values_list("name", flat=True))
    revoked = Attestation.objects.get(status="revoked")
    assert "révoqué" in public.get(f"/registre/attestations/{revoked.number}/").content.decode()

    with pytest.raises(CommandError, match="instance vide"):
        call_command("demo", stdout=StringIO())
