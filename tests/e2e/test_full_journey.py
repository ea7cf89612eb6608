"""Issue 7 item 1: the whole journey of a candidature in real browsers, one context per
person, a screenshot at each step (results/e2e/test_full_journey/).

The agency registers the editor and invites its first admin through the same action as its
page (the agency's own pages have their tests); everything the editor, the instructor and
the collège member do is done in the browser, except — to keep the run short — most of the
108 expected evidence items and their verdicts, which go through the actions the pages
call (several of each go through the pages)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from conftest import TEST_PASSWORD, UserFactory, fictional_siret
from referencement.accounts import actions as accounts
from referencement.accounts.choices import Role
from referencement.accounts.models import RepresentativeRequest
from referencement.accounts.representative_actions import validate_representative
from referencement.accounts.testing import one_time_code
from referencement.candidatures.models import Candidature
from referencement.catalog.models import Dispositif
from referencement.college.actions import declare_interests
from referencement.college.models import CollegeSession
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.testing import countersign
from referencement.core.worker import run_once
from referencement.evidence import actions as evidence
from referencement.evidence.expected import expected_items
from referencement.instruction.actions import give_verdict
from referencement.instruction.assignment_actions import assign_dispositifs
from referencement.instruction.choices import FieldTestOutcome
from referencement.instruction.field_test_actions import record_field_test_results
from referencement.instruction.models import FieldTestSession
from referencement.instruction.queries import evidence_rows, field_test_requirements
from referencement.instruction.workbench import chapters

from .conftest import code_from_secret, sign_in, signed_in_page
from .evidence_grid import deposit_in_row, item_row

pytestmark = pytest.mark.django_db(transaction=True)

DISPOSITIF = "MS2-DUI-PDE-Va1-SF"
SOLUTION = "Dossier Usager Parcours"
REPRESENTATIVE = "camille.martin@editeur-parcours.example"
NEW_PASSWORD = "Un-autre-mot-de-passe-2026!"
PDF = b"%PDF-1.4\n% documentation fictive\n" + b"0" * 200
CDA_EXAMPLE = "VAC_2023.01.xml"
CDA_ITEM = "DOC/va1.04"
BROWSER_TEXT_ITEMS = ["INS/va1.08", "MSS/va1.02", "PDE.LI.02.A"]


def tick(page, name: str, *, exact: bool = False) -> None:
    """Tick a DSFR checkbox or radio the way a person does: by clicking its label (the
    input itself is drawn under the label)."""
    box = page.get_by_role("checkbox", name=name, exact=exact).or_(
        page.get_by_role("radio", name=name, exact=exact)
    )
    if not box.is_checked():
        page.locator(f"label[for='{box.get_attribute('id')}']").click()
    expect(box).to_be_checked()


def _register_editor(agency_admin) -> str:
    """The agency's step: the editor and the invitation of its first admin (the legal
    representative). Returns the invitation path read from the e-mail."""
    editor = accounts.create_editor(
        actor=agency_admin,
        name="Éditeur Parcours SAS",
        siret=fictional_siret(77),
        legal_form="SAS",
        head_office="3 rue du Parcours, 75000 Paris",
        legal_representative="Camille Martin",
        legal_representative_email=REPRESENTATIVE,
        contact_name="Dominique Contact",
        contact_email="contact@editeur-parcours.example",
    )
    accounts.invite(actor=agency_admin, editor=editor, email=REPRESENTATIVE, role="editor_admin")
    (message,) = [m for m in mail.outbox if REPRESENTATIVE in m.to]
    assert message.subject == "Invitation à rejoindre la plateforme de référencement"
    return re.search(r"/invitation/[\w-]+/", message.body).group(0)


def _editor_signs_up(page, shots, invitation_path: str) -> str:
    page.goto(invitation_path)
    expect(page.get_by_role("heading", name="Créer mon compte")).to_be_visible()
    expect(page.get_by_text("Éditeur Parcours SAS")).to_be_visible()
    page.get_by_label("Nom complet").fill("Camille Martin")
    page.get_by_label(re.compile(r"^\s*Mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(NEW_PASSWORD)
    shots(page, "invitation-creer-mon-compte")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Votre compte est créé.")).to_be_visible()
    page.get_by_label("Adresse e-mail").fill(REPRESENTATIVE)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/connexion/enrolement/")
    shots(page, "enrolement-totp")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code de vérification").fill(code_from_secret(secret))
    page.get_by_role("button", name="Activer").click()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    shots(page, "codes-de-secours")
    page.get_by_role("link", name="J'ai conservé mes codes").click()
    expect(page.get_by_role("heading", name="Bonjour Camille Martin")).to_be_visible()
    shots(page, "accueil-editeur")
    return secret


def _editor_completes_its_information(page, shots) -> None:
    page.get_by_role("link", name="Mon éditeur").click()
    page.get_by_role("link", name="Modifier les informations de l'éditeur").click()
    page.get_by_label("Téléphone du représentant légal").fill("01 02 03 04 05")
    page.get_by_label("Téléphone du contact").fill("01 02 03 04 06")
    shots(page, "informations-editeur")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Les informations de l'éditeur sont enregistrées.")).to_be_visible()
    # Issue 16 item 6: the signatory and their function are verified by the agency.
    page.get_by_role("link", name="Changer le représentant légal (avec justificatif)").click()
    page.get_by_label("Compte du signataire").select_option(label="Camille Martin")
    page.get_by_label("Nom et prénom").fill("Camille Martin")
    page.get_by_label("Fonction").fill("Présidente")
    page.get_by_role("combobox", name=re.compile(r"^Justificatif")).select_option(
        label="Extrait Kbis"
    )
    page.get_by_label("Pièce justificative").set_input_files(
        files=[{"name": "kbis.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    shots(page, "demande-representant-legal")
    page.get_by_role("button", name="Envoyer la demande à l'agence").click()
    expect(page.get_by_text("l'agence vérifie la pièce justificative")).to_be_visible()


def _editor_opens_and_fills_the_dossier(page, shots, representative) -> None:
    page.get_by_role("link", name="Accueil").first.click()
    page.get_by_role("link", name="Nouvelle candidature").click()
    # 001 §4.3: the validated legal representative accepts the charter, with a code.
    page.get_by_role("row", name=DISPOSITIF).get_by_role("link").click()
    shots(page, "charte-a-accepter")
    page.get_by_label("Code de vérification").fill(one_time_code(representative))
    tick(page, "J'ai lu la charte ci-dessus et je l'accepte")
    page.get_by_role("button", name="Accepter la charte au nom de l'éditeur").click()
    expect(page.get_by_role("heading", name="Charte acceptée")).to_be_visible()
    page.get_by_role("link", name="Ouvrir un dossier").click()
    page.get_by_role("combobox", name="Dispositif").select_option(label=DISPOSITIF)
    page.get_by_label("Nom de la solution candidate").fill(SOLUTION)
    shots(page, "nouvelle-candidature")
    page.get_by_role("button", name="Ouvrir le dossier").click()
    expect(page.get_by_role("heading", level=1, name="Dossier administratif")).to_be_visible()

    page.get_by_label("NIE délivré par le CNDA").fill("NIE-2026-0042")
    # The mandatory profile comes ticked and locked (000 §3.2).
    expect(page.get_by_role("checkbox", name="Général")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Général")).to_be_disabled()
    tick(page, "Spécifique – DUI esclave de l'identité")
    names = page.get_by_role("group", name="Dénominations commerciales et numéros CNDA")
    names.get_by_label("Dénomination commerciale").fill("Parcours DUI")
    names.get_by_label("NIL (CNDA)").fill("NIL-0042")
    names.get_by_label("Numéro de version technique").fill("4.2.0")
    # The dossier of this dispositif (its catalogue's `dossier:`, issue 12 item 7): the CNDA
    # filing proof is asked « si applicable », the documentation is a letter of commitment.
    tick(
        page,
        "Sans objet : Preuve du dépôt de la demande d'obtention des labellisations CNDA (Assurance Maladie)",
    )
    shots(page, "dossier-administratif")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le dossier est enregistré.")).to_be_visible()

    letter = (
        "Lettre d'engagement précisant en quoi le logiciel répond aux fonctionnalités minimales"
    )
    page.get_by_role("combobox", name="Document").select_option(label=letter)
    page.get_by_label("Fichier").set_input_files(
        {"name": "documentation.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Joindre").click()
    expect(page.get_by_role("link", name="documentation.pdf")).to_be_visible()
    shots(page, "documentation-jointe")

    page.get_by_role("link", name="Retour à la candidature").click()
    page.get_by_role("button", name="Soumettre le dossier administratif").click()
    expect(page.get_by_text("Dossier administratif soumis").first).to_be_visible()
    shots(page, "dossier-soumis")


def _instructor_accepts_the_dossier(page, shots) -> None:
    page.goto("/candidatures/")
    page.get_by_role("link", name=SOLUTION).click()
    page.get_by_role("link", name="Examiner le dossier administratif").click()
    tick(page, "Déclarer le dossier recevable")
    shots(page, "instructeur-recevabilite")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Dossier administratif accepté").first).to_be_visible()


def _editor_deposits_evidence(page, shots, candidature, editor_user, cda: bytes) -> None:
    page.reload()
    expect(page.get_by_text("Dossier administratif accepté").first).to_be_visible()
    page.get_by_role("link", name="Preuves", exact=True).click()
    expect(page.get_by_role("heading", name="Preuves de conformité")).to_be_visible()

    cda_row = item_row(page, candidature, CDA_ITEM)
    deposit_in_row(
        cda_row,
        CDA_ITEM,
        file={"name": CDA_EXAMPLE, "mimeType": "application/xml", "buffer": cda},
    )
    expect(cda_row).to_contain_text(CDA_EXAMPLE)
    expect(cda_row).to_contain_text("Contrôle en cours")
    shots(page, "preuve-cda-deposee")

    run_once("e2e")  # the background worker checks the deposited CDA
    page.reload()
    expect(cda_row).not_to_contain_text("Contrôle en cours")
    expect(cda_row).to_contain_text(
        re.compile(
            "Conforme au contrôle automatique|Avertissements|Erreurs détectées|non vérifiable"
        )
    )
    versions = cda_row.locator("details.evidence-row__versions")
    if versions.get_attribute("open") is None:
        versions.locator("summary", has_text="version déposée").click()
    report = cda_row.get_by_text("Rapport du contrôle automatique")
    if report.count():
        report.click()
    shots(page, "rapport-de-conformite-cda")

    for code in BROWSER_TEXT_ITEMS:
        row = item_row(page, candidature, code)
        deposit_in_row(row, code, text=f"Exécution de test {code} : id-4242")
        expect(row).to_contain_text("id-4242")
    shots(page, "preuves-texte-deposees")

    candidature.refresh_from_db()
    done = {CDA_ITEM, *BROWSER_TEXT_ITEMS}
    for item in expected_items(candidature):
        if item.code not in done:
            evidence.deposit(candidature, item.code, actor=editor_user, text="id-execution-42")

    page.reload()
    page.get_by_role("button", name="Soumettre le dossier complet de preuves").click()
    expect(page.get_by_text("Dossier de preuves complet").first).to_be_visible()
    shots(page, "preuves-soumises")


def _instructor_starts_and_asks(page, shots) -> None:
    page.goto("/instruction/")
    expect(page.get_by_role("heading", name="File d'instruction")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=SOLUTION)
    shots(page, "file-d-instruction")
    row.get_by_role("button", name="M'attribuer et commencer").click()
    expect(page.get_by_role("heading", name=f"Instruction — {SOLUTION}")).to_be_visible()
    page.get_by_label("Demande de complément").fill(
        "Précisez le scénario de rapprochement d'identité utilisé pour INS/va1.08."
    )
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Demande de complément envoyée à l'éditeur.")).to_be_visible()
    shots(page, "demande-de-complement")


def _editor_answers(page, shots) -> None:
    page.get_by_role("link", name="Retour à la candidature").click()
    expect(page.get_by_text("En attente de l'éditeur").first).to_be_visible()
    next_step = page.locator("#prochaine-etape")
    next_step.get_by_role("link", name="Répondre à la demande de complément").click()
    expect(page.get_by_text("Précisez le scénario de rapprochement")).to_be_visible()
    answer = page.locator("#demande-ouverte")
    answer.get_by_label("Votre réponse").fill("Rapprochement par traits stricts, voir la vidéo v2.")
    shots(page, "reponse-editeur")
    answer.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.get_by_text("Rapprochement par traits stricts")).to_be_visible()


def _field_test_session(page, staff, shots, candidature, instructor) -> None:
    """000 §3.3: the editor proposes the session date, the agency confirms it and, once
    held, documents the outcome of each INS and core-business requirement."""
    page.goto(f"/mes-candidatures/{candidature.pk}/instruction/")
    expect(page.get_by_text("Proposez une date de session de test avant le")).to_be_visible()
    when = timezone.localtime() + timedelta(days=7)
    page.get_by_label("Date et heure de la session").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu / environnement de recette").fill("Recette usine chez un client")
    page.get_by_role("button", name="Proposer cette date").click()
    expect(page.get_by_text("Date proposée : l'agence va la confirmer.")).to_be_visible()
    shots(page, "session-de-tests-proposee")
    flagged = next(group for group in chapters(candidature) if group.field_test)
    staff.goto(f"/instruction/{candidature.pk}/?chapitre={flagged.key}")
    staff.get_by_role("button", name="Confirmer cette date").click()
    expect(staff.get_by_text("Date de la session de tests confirmée.")).to_be_visible()
    # The day of the session comes (the results form opens once its date has passed).
    session = FieldTestSession.objects.get(candidature=candidature)
    FieldTestSession.objects.filter(pk=session.pk).update(
        scheduled_for=timezone.now() - timedelta(hours=1)
    )
    reviewed = list(field_test_requirements(candidature))
    staff.reload()
    staff.get_by_label(f"Résultat — {reviewed[0].code}").select_option(label="Résultat atteint")
    staff.get_by_role("button", name="Enregistrer les résultats").click()
    expect(staff.get_by_text("Résultats de la session enregistrés.")).to_be_visible()
    shots(staff, "session-de-tests-tenue")
    record_field_test_results(
        session,
        {r.pk: (FieldTestOutcome.ACHIEVED, "") for r in reviewed[1:]},
        actor=instructor,
    )


def _instructor_gives_verdicts(page, shots, candidature, instructor) -> None:
    groups = chapters(candidature)
    for code in [CDA_ITEM, *BROWSER_TEXT_ITEMS]:
        group, item = next((g, i) for g in groups for i in g.items if i.evidence.code == code)
        page.goto(f"/instruction/{candidature.pk}/?chapitre={group.key}")
        card = page.locator(f"#preuve-{item.evidence.pk}")
        card.get_by_label("Avis").select_option(label="Conforme")
        card.get_by_role("button", name="Enregistrer l'avis").click()
        expect(page.locator(f"#preuve-{item.evidence.pk}")).to_contain_text("Avis enregistré.")
    shots(page, "avis-conforme")
    candidature.refresh_from_db()
    for row in evidence_rows(candidature):
        if row.assessed and row.verdict is None:
            give_verdict(row.version, "conforme", actor=instructor)
    page.reload()
    page.get_by_label("Proposition au collège").fill("Toutes les preuves sont conformes.")
    page.get_by_role("button", name=re.compile("Terminer l'instruction")).click()
    expect(page.get_by_text("Instruction terminée")).to_be_visible()
    shots(page, "instruction-terminee")


def _representative_signs(page, shots, secret: str) -> None:
    page.goto("/candidatures/")
    page.get_by_role("link", name=SOLUTION).click()
    page.get_by_role("link", name="Convention, décision et attestation").click()
    expect(page.get_by_role("link", name="Projet de convention (PDF)")).to_be_visible()
    page.get_by_label("Code de vérification").fill(
        code_from_secret(secret, drift=1)  # the login code of this period is spent
    )
    tick(page, "J'ai lu la convention et je la signe")
    shots(page, "convention-a-signer")
    page.get_by_role("button", name="Signer électroniquement").click()
    expect(page.get_by_text("Convention signée.")).to_be_visible()
    expect(page.get_by_text("Signée le")).to_be_visible()
    shots(page, "convention-signee")


def _college_decides(page, shots, second_page) -> None:
    page.goto("/college/")
    expect(page.get_by_text("1 dossier à convention signée")).to_be_visible()
    today = timezone.localtime().strftime("%d/%m/%Y")
    page.get_by_role("link", name=f"Collège du {today}").click()
    page.get_by_role("button", name=re.compile("Inscrire le dossier prêt")).click()
    # Issue 16 item 7: both members present, one records, the other confirms.
    tick(page, "Colin Collège")
    tick(page, "Sacha Seconde")
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Présences enregistrées.")).to_be_visible()
    card = page.locator("article.ref-item").filter(has_text=SOLUTION)
    card.get_by_label("Décision").select_option(label="Attribution sans réserve")
    shots(page, "college-ordre-du-jour")
    card.get_by_role("button", name="Enregistrer la décision…").click()
    expect(page.get_by_text("Ce qui va se passer")).to_be_visible()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("article.ref-item").filter(has_text=SOLUTION)).to_contain_text(
        "En attente de confirmation"
    )
    second_page.goto(page.url)
    card = second_page.locator("article.ref-item").filter(has_text=SOLUTION)
    card.get_by_role("button", name="Confirmer la décision…").click()
    second_page.get_by_role("button", name="Confirmer la décision (seconde signature)").click()
    expect(second_page.locator("article.ref-item").filter(has_text=SOLUTION)).to_contain_text(
        "Attribution sans réserve"
    )
    shots(second_page, "college-decision")


def _editor_downloads_the_attestation(page, shots) -> str:
    page.reload()
    expect(page.get_by_text("Référencé").first).to_be_visible()
    link = page.get_by_role("link", name=re.compile(rf"SEGUR-{DISPOSITIF}-\d{{4}}-\d+"))
    number = re.search(rf"SEGUR-{DISPOSITIF}-\d{{4}}-\d+", link.inner_text()).group(0)
    shots(page, "attestation-disponible")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"{number}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    return number


def _public_registry(page, shots, number: str) -> None:
    page.goto("/registre/")
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text(SOLUTION)
    expect(row).to_contain_text("Éditeur Parcours SAS")
    shots(page, "registre-public")
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Vérifier une attestation").click()
    page.get_by_label("Numéro de référencement").fill(number)
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_role("heading", name=f"Attestation n° {number}")).to_be_visible()
    expect(page.get_by_role("heading", name="Référencement valide")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Solution"))).to_contain_text(SOLUTION)
    shots(page, "verification-attestation")


def test_full_journey_from_invitation_to_public_registry(
    browser, live_server, page, shots, shared_dir, catalogues, agency_admin
):
    example = shared_dir / "cisis" / "ExemplesCDA" / CDA_EXAMPLE
    if not example.exists():
        pytest.skip(f"exemple CDA absent : {example}")
    instructor = UserFactory(role=Role.INSTRUCTOR, full_name="Ines Instructrice")
    # Issue 15 item 6: her lists show the dispositifs she is assigned to.
    assign_dispositifs(instructor, [Dispositif.objects.get(code=DISPOSITIF)], actor=agency_admin)
    member = UserFactory(role=Role.COLLEGE_MEMBER, full_name="Colin Collège")

    secret = _editor_signs_up(page, shots, _register_editor(agency_admin))
    editor_user = accounts.User.objects.get(email=REPRESENTATIVE)
    _editor_completes_its_information(page, shots)
    validate_representative(RepresentativeRequest.objects.get(), actor=agency_admin)
    _editor_opens_and_fills_the_dossier(page, shots, editor_user)
    candidature = Candidature.objects.get(editor=editor_user.editor)

    staff, _ = sign_in(browser, live_server, instructor, TEST_PASSWORD)
    _instructor_accepts_the_dossier(staff, shots)
    shots(staff, "dossier-recevable")

    _editor_deposits_evidence(page, shots, candidature, editor_user, example.read_bytes())
    _instructor_starts_and_asks(staff, shots)
    _editor_answers(page, shots)
    _field_test_session(page, staff, shots, candidature, instructor)
    _instructor_gives_verdicts(staff, shots, candidature, instructor)
    _representative_signs(page, shots, secret)
    countersign(candidature, agency_admin)

    # Today is the collège's weekly sitting (001 §4.5: it decides at its sitting); the
    # periodic task plans the next ones.
    CollegeSession.objects.create(sits_at=timezone.now() + timedelta(minutes=5))
    ensure_sessions_ahead()
    second = UserFactory(role=Role.COLLEGE_MEMBER, full_name="Sacha Seconde")
    for person in (member, second):
        declare_interests(actor=person, editors=[])
    college, _ = sign_in(browser, live_server, member, TEST_PASSWORD)
    confirming = signed_in_page(browser, live_server, second)
    _college_decides(college, shots, confirming)
    run_once("e2e")  # the background worker renders the attestation PDF (issue 15 item 8)

    page.get_by_role("link", name="Accueil").first.click()
    page.get_by_role("link", name=SOLUTION).first.click()
    page.get_by_role("link", name="Convention, décision et attestation").click()
    number = _editor_downloads_the_attestation(page, shots)

    run_once("e2e")  # the background worker publishes the registry edition (issue 15)
    public = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    _public_registry(public, shots, number)
    candidature.refresh_from_db()
    assert candidature.status == "referenced"
    for extra in (staff, college, confirming, public):
        extra.context.close()
