"""Public pages (issue 11 item 9): the footer every French public site carries, the legal
pages naming the configured operator, a home page that says who can apply and how an
account is obtained, human labels instead of codes, French plurals, and an API
documentation served from our own static files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

import referencement
from referencement.lib.french import plural

pytestmark = pytest.mark.django_db

FOOTER_LINKS = {
    "/plan-du-site/": "Plan du site",
    "/accessibilite/": "Accessibilité : partiellement conforme",
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/gestion-des-cookies/": "Gestion des cookies",
    "/api/v1/docs": "API (documentation)",
}


def test_every_page_footer_links_the_pages_a_french_public_site_must_carry(client):
    html = client.get("/").content.decode()
    for url, label in FOOTER_LINKS.items():
        assert f'href="{url}">{label}</a>' in html
    for url in FOOTER_LINKS:
        assert client.get(url).status_code == 200


def test_the_footer_names_the_operator_from_the_setting(client, settings):
    assert "Agence du Numérique en Santé" in client.get("/").content.decode()
    settings.AGENCY_NAME = "Agence régionale de test"
    assert "Opérateur : Agence régionale de test." in client.get("/").content.decode()


def test_the_accessibility_page_declares_a_partial_conformity_and_what_was_tested(client):
    # RGAA 4.1 declaration: status, tested pages, non-conformities, recourse.
    html = client.get("/accessibilite/").content.decode()
    assert "<strong>partiellement conforme</strong>" in html
    assert "Ce qui a été vérifié" in html and "390 pixels" in html and "axe-core" in html
    assert "Défenseur des droits" in html


def test_the_personal_data_page_gives_the_dpo_contact_from_the_setting(client, settings):
    settings.DPO_EMAIL = "dpo@agence.test"
    assert 'href="mailto:dpo@agence.test"' in client.get("/donnees-personnelles/").content.decode()


def test_the_cookie_page_lists_only_the_session_and_csrf_cookies(client, settings):
    html = client.get("/gestion-des-cookies/").content.decode()
    assert f"<code>{settings.SESSION_COOKIE_NAME}</code>" in html
    assert f"<code>{settings.CSRF_COOKIE_NAME}</code>" in html
    assert "aucun cookie de mesure d'audience" in html


def test_the_home_page_says_who_can_apply_and_that_accounts_come_by_invitation(client):
    html = client.get("/").content.decode()
    assert "Qui peut candidater ?" in html
    assert "Les comptes sont créés sur invitation" in html
    for shortcut in (
        'href="/dispositifs/"',
        'href="/dispositifs/#calendrier"',
        'href="/registre/"',
    ):
        assert shortcut in html


def test_the_home_candidature_count_agrees_with_the_list(client, editor_member, login_as):
    from referencement.candidatures.testing import draft, load_catalogues

    load_catalogues()
    for index in range(7):
        draft("MS2-DUI-PDE-Va1-SF", editor_member, solution_name=f"Solution {index}")
    html = login_as(editor_member).get("/").content.decode()
    section = html[html.index('id="home-candidatures"') :]
    shown = section[: section.index("</ul>")].count("<li>")
    assert "Les 5 plus récentes sur 7 candidatures." in section and shown == 5


def test_the_api_documentation_loads_nothing_from_another_host(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200 and "swagger-ui" in html
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references and all(ref.startswith("/") for ref in references), references
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")


def test_the_dispositif_page_shows_college_outcomes_as_words(client, catalogues):
    html = client.get("/dispositifs/MS2-DUI-PDE-Va1-SF/").content.decode()
    assert "sans_reserve" not in html and "reserves_non_bloquantes" not in html
    assert "Attribution sans réserve, Réserves non bloquantes, Réserves bloquantes" in html


def test_an_unassessed_extra_piece_is_not_labelled_twice(client, catalogues):
    html = client.get("/dispositifs/HOP-DPI-Va1/").content.decode()
    assert "(obligatoire, non évalué)" not in html and "(non évaluée)" not in html
    assert "Questionnaire « maturité SSI »" in html


def test_the_dispositif_list_counts_in_french(client, catalogues):
    assert "5 dispositifs." in client.get("/dispositifs/").content.decode()


@pytest.mark.parametrize(
    "count, expected", [(0, "0 exigence"), (1, "1 exigence"), (414, "414 exigences")]
)
def test_french_plurals_take_the_singular_below_two(count, expected):
    assert plural(count, "exigence", "exigences") == expected


def test_no_template_writes_a_plural_as_parenthesised_s():
    root = Path(referencement.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if "(s)" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_openapi_schema_has_no_duplicate_key_swagger_ui_would_refuse(client):
    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicates)
