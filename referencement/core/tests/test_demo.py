"""`referencement demo` fills an empty instance with a fictional dataset built through the
real actions: every lifecycle status, a registry with referenced and revoked solutions, an
intact audit chain; it installs the agency's CI-SIS package found beside the checkout
(issue 17 item 5); it refuses an instance that already holds data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from referencement.accounts.models import Editor
from referencement.audit.verification import verify_chain
from referencement.candidatures.choices import CandidatureStatus
from referencement.candidatures.models import Candidature
from referencement.cli import main
from referencement.conformity.paths import agency_package_beside_checkout
from referencement.conformity.schematron_install import INDEX_FILE
from referencement.evidence.models import EvidenceVersion
from referencement.registry.models import Attestation


@pytest.mark.django_db(transaction=True)
def test_the_demo_fills_an_empty_instance_then_refuses_a_second_run(tmp_path, monkeypatch):
    monkeypatch.setenv("REFERENCEMENT_SCHEMATRONS", str(tmp_path / "schematrons"))
    out = StringIO()
    call_command("demo", stdout=out)
    package = agency_package_beside_checkout()
    if package is None:
        assert "Paquet CI-SIS de l'agence absent" in out.getvalue()
    else:
        assert f"Schématrons CI-SIS installés depuis {package} : " in out.getvalue()
        assert (tmp_path / "schematrons" / INDEX_FILE).is_file()

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


@pytest.mark.django_db
def test_the_demo_refuses_a_missing_schematron_package_before_touching_the_instance(
    tmp_path, capsys
):
    assert main(["demo", "--schematrons", str(tmp_path / "absent")]) == 2
    assert (
        capsys.readouterr().err == f"erreur : paquet CI-SIS introuvable : {tmp_path / 'absent'}\n"
    )
    assert not Editor.objects.exists()
