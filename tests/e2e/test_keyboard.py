"""Keyboard only (RGAA 7.3, 10.7, 12.7): the editor's main pages are reached with Tab and
activated with Enter or Space, the focused element is always visibly marked, and the skip
link leads to the content."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from referencement.candidatures import actions as candidatures
from referencement.candidatures.testing import charter_accepted, draft, fill_dossier
from referencement.catalog.models import Dispositif
from referencement.evidence.expected import expected_items

from .conftest import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)

FOCUS_RING = """el => {
    // DSFR draws the ring on the element, or on an enlarged-link card around it.
    const ring = (node, pseudo) => {
        const style = getComputedStyle(node, pseudo);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        return outline || (style.boxShadow && style.boxShadow !== "none");
    };
    const card = el.closest(".fr-enlarge-link");
    return ring(el) || ring(el, "::before") || ring(el, "::after") || (card && ring(card));
}"""


# One round trip per Tab stop: whether the focused element shows a ring and is the target.
# Past the last element the focus is in the browser's own bar (the body is active); boxes,
# radios and file inputs have their ring drawn on their label.
FOCUS_STOP = (
    """target => {
    const el = document.activeElement;
    if (!el || el === document.body) return {reached: false, ring: true, html: ""};
    const onLabel = el.tagName === "INPUT" && ["checkbox", "radio", "file"].includes(el.type);
    const ring = """
    + FOCUS_RING
    + """;
    return {reached: el === target, ring: onLabel || ring(el), html: el.outerHTML};
}"""
)


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab until `locator` has the focus, checking each stop shows a focus ring."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_STOP, target)
        assert stop["ring"], stop["html"]
        if stop["reached"]:
            return
    raise AssertionError(f"{locator} not reached with {limit} Tab presses")


@pytest.fixture
def editor_page(browser, live_server, catalogues, editor_admin):
    page = signed_in_page(browser, live_server, editor_admin)
    yield page
    page.context.close()


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(editor_page):
    page = editor_page
    page.goto("/candidatures/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Contenu")
    assert is_focused(skip)
    expect(skip).to_be_visible()
    assert skip.evaluate(FOCUS_RING)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/candidatures/#content$"))
    page.keyboard.press("Tab")
    assert page.locator("main :focus").count() == 1  # the next stop is inside the content
    expect(page.locator(":focus")).to_have_text("Nouvelle candidature")


def test_an_editor_opens_a_candidature_with_the_keyboard_only(editor_page, editor_admin):
    page = editor_page
    editor = editor_admin.editor
    editor.legal_representative_function = "Président"
    editor.legal_representative_phone = "0102030405"
    editor.contact_phone = "0102030406"
    editor.save()
    charter_accepted(Dispositif.objects.get(code="MS2-DUI-PDE-Va1-SF"), editor_admin)
    page.goto("/")
    tab_to(page, page.get_by_role("link", name="Nouvelle candidature"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nouvelle candidature")).to_be_visible()

    dispositif = page.get_by_role("combobox", name="Dispositif")
    tab_to(page, dispositif)
    while dispositif.evaluate("el => el.selectedOptions[0].text") != "MS2-DUI-PDE-Va1-SF":
        page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_role("textbox", name="Nom de la solution candidate"))
    page.keyboard.type("Solution au clavier")
    tab_to(page, page.get_by_role("button", name="Ouvrir le dossier"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Dossier administratif")).to_be_visible()

    tab_to(page, page.get_by_role("textbox", name="NIE délivré par le CNDA"))
    page.keyboard.type("NIE-CLAVIER")
    tab_to(page, page.get_by_role("button", name="Enregistrer"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Le dossier est enregistré.")).to_be_visible()
    expect(page.get_by_role("textbox", name="NIE délivré par le CNDA")).to_have_value("NIE-CLAVIER")

    tab_to(page, page.get_by_role("link", name="Retour à la candidature"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Solution au clavier")).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu principal")
    tab_to(page, menu.get_by_role("link", name="Candidatures"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Solution au clavier"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Brouillon")).to_be_visible()


def test_an_editor_deposits_evidence_with_the_keyboard_only(editor_page, editor_admin, instructor):
    candidature = fill_dossier(draft("MS2-DUI-PDE-Va1-SF", editor_admin), editor_admin)
    candidatures.submit_dossier(candidature, actor=editor_admin)
    candidatures.accept_dossier(candidature, actor=instructor)
    page = editor_page
    page.goto(f"/candidatures/{candidature.pk}/")
    tab_to(page, page.get_by_role("link", name="Preuves", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Preuves de conformité")).to_be_visible()

    first = expected_items(candidature)[0]  # the first row of the first chapter
    row = page.locator(f"#{first.anchor}")
    tab_to(page, row.locator("summary", has_text="Déposer"))
    page.keyboard.press("Enter")
    tab_to(page, row.get_by_role("textbox", name="Ou un texte"))
    page.keyboard.type("Exécution clavier id-77")
    tab_to(page, row.get_by_role("button", name=f"Déposer la preuve {first.code}"))
    page.keyboard.press("Enter")
    expect(row).to_contain_text("id-77")
