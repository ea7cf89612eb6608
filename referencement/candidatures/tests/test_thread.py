"""Solicitations as a thread (issue 11 item 4): the agency's question, the editor's answer
with files stored like evidence, the clock, in one place; the editor may write first (000
§4.2, 002 §4.2, 004 §4.6 « solliciter l'ANS … pour toute question »), which starts no clock;
the agency answers in the same thread. Another editor reaches none of it."""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import login
from referencement.candidatures import actions, testing
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.deadlines import next_deadline
from referencement.candidatures.models import Attachment, Message
from referencement.catalog.models import Dispositif
from referencement.instruction.actions import ask_solicitation, start_instruction
from referencement.instruction.tests.fixtures import make_candidature

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
SEPT_2026 = datetime(2026, 9, 1, 10, tzinfo=PARIS)  # MS-DUI-Va2, before Date 1
PDF = b"%PDF-1.4\n% Kbis fictif\n" + b"1" * 200


def _questioned(editor_admin, instructor):
    with time_machine.travel(SEPT_2026, tick=False):
        candidature = testing.fill_dossier(testing.draft("MS-DUI-Va2", editor_admin), editor_admin)
        actions.submit_dossier(candidature, actor=editor_admin)
        solicitation = actions.send_admin_solicitation(
            candidature, actor=instructor, question="Joignez le Kbis."
        )
    return candidature, solicitation


def test_editor_answers_an_admin_solicitation_with_a_file_stored_by_its_sha256_001_4_3(
    client, catalogues, editor_admin, instructor
):
    candidature, solicitation = _questioned(editor_admin, instructor)
    login(client, editor_admin)
    with time_machine.travel(SEPT_2026, tick=False):
        page = client.get(f"/candidatures/{candidature.pk}/echanges/").content.decode()
        assert "Joignez le Kbis." in page and "10 jours ouvrés" in page
        response = client.post(
            f"/candidatures/{candidature.pk}/sollicitations/{solicitation.pk}/repondre/",
            {"answer": "Le voici.", "files": [SimpleUploadedFile("kbis.pdf", PDF)]},
        )
        assert response.status_code == 302
        attachment = Attachment.objects.get(solicitation=solicitation)
        assert attachment.filename == "kbis.pdf"
        assert attachment.blob.sha256 == hashlib.sha256(PDF).hexdigest()
        assert attachment.blob.content_type == "application/pdf"
        page = client.get(f"/candidatures/{candidature.pk}/echanges/").content.decode()
        assert "Le voici." in page and "kbis.pdf" in page
        download = client.get(f"/candidatures/{candidature.pk}/echanges/pieces/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_editor_answers_an_instruction_solicitation_with_files_in_the_thread_001_4_4(
    client, catalogues, editor, editor_admin, instructor
):
    with time_machine.travel(SEPT_2026, tick=False):
        candidature = make_candidature(
            Dispositif.objects.get(code="MS-DUI-Va2"),
            editor=editor,
            created_by=editor_admin,
        )
        start_instruction(candidature, actor=instructor)
        solicitation = ask_solicitation(candidature, "Précisez le scénario.", actor=instructor)
        login(client, editor_admin)
        page = client.get(f"/candidatures/{candidature.pk}/echanges/").content.decode()
        assert "garde la place du dossier dans la file" in page
        client.post(
            f"/mes-candidatures/{candidature.pk}/instruction/sollicitations/"
            f"{solicitation.pk}/repondre/",
            {
                "answer": "Voir les captures.",
                "files": [
                    SimpleUploadedFile("a.pdf", PDF),
                    SimpleUploadedFile("b.pdf", PDF + b"2"),
                ],
            },
        )
    candidature.refresh_from_db()
    assert candidature.status == S.IN_INSTRUCTION
    assert sorted(solicitation.attachments.values_list("filename", flat=True)) == ["a.pdf", "b.pdf"]


def test_editor_writes_first_and_no_clock_starts_004_4_6(
    client, catalogues, editor_admin, instructor
):
    with time_machine.travel(SEPT_2026, tick=False):
        candidature = testing.draft("MS-DUI-Va2", editor_admin)
        before = next_deadline(candidature)
        login(client, editor_admin)
        client.post(
            f"/candidatures/{candidature.pk}/echanges/ecrire/",
            {"body": "Le profil PA s'applique-t-il aux EHPAD ?"},
        )
        message = Message.objects.get(candidature=candidature)
        assert not message.from_agency
        assert candidature.solicitations.count() == 0
        assert next_deadline(candidature) == before
        candidature.refresh_from_db()
        assert candidature.status == S.DRAFT


def test_agency_answers_in_the_same_thread_and_the_editor_reads_it(
    client, catalogues, editor_admin, instructor
):
    candidature = testing.draft("MS2-DUI-PDE-Va1-SF", editor_admin)
    actions_message = "Le profil PA s'applique-t-il ?"
    from referencement.candidatures.exchange_actions import post_message

    post_message(candidature, actor=editor_admin, body=actions_message)
    login(client, instructor)
    client.post(
        f"/candidatures/{candidature.pk}/echanges/ecrire/",
        {"body": "Oui, pour les EHPAD.", "files": [SimpleUploadedFile("note.pdf", PDF)]},
    )
    reply = Message.objects.get(from_agency=True)
    assert reply.attachments.get().filename == "note.pdf"
    login(client, editor_admin)
    page = client.get(f"/candidatures/{candidature.pk}/echanges/").content.decode()
    assert page.index(actions_message.replace("'", "&#x27;")) < page.index("Oui, pour les EHPAD.")
    assert "Message de l&#x27;agence" in page


def test_another_editor_reaches_neither_the_thread_nor_its_files(
    client, catalogues, editor_admin, other_editor_admin, instructor
):
    candidature, solicitation = _questioned(editor_admin, instructor)
    with time_machine.travel(SEPT_2026, tick=False):
        actions.answer_solicitation(
            solicitation,
            actor=editor_admin,
            answer="Voici.",
            uploads=[(testing.pending(PDF), "kbis.pdf")],
        )
    attachment = Attachment.objects.get()
    own = testing.draft("MS2-DUI-PDE-Va1-SF", other_editor_admin)
    login(client, other_editor_admin)
    base = f"/candidatures/{candidature.pk}/echanges/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}pieces/{attachment.pk}/").status_code == 404
    assert client.post(f"{base}ecrire/", {"body": "Intrusion"}).status_code == 404
    # Its own candidature's URL does not open another candidature's file either.
    assert client.get(f"/candidatures/{own.pk}/echanges/pieces/{attachment.pk}/").status_code == 404
    assert not Message.objects.exists()


def test_an_oversized_attachment_is_refused_and_nothing_is_kept(
    client, settings, catalogues, editor_admin, instructor
):
    settings.EVIDENCE_MAX_FILE_BYTES = 100
    candidature, solicitation = _questioned(editor_admin, instructor)
    login(client, editor_admin)
    with time_machine.travel(SEPT_2026, tick=False):
        response = client.post(
            f"/candidatures/{candidature.pk}/sollicitations/{solicitation.pk}/repondre/",
            {"answer": "Le voici.", "files": [SimpleUploadedFile("kbis.pdf", PDF)]},
        )
    refusals = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("dépasse la taille maximale" in refusal for refusal in refusals)
    assert not Attachment.objects.exists()
    solicitation.refresh_from_db()
    assert solicitation.answered_at is None
