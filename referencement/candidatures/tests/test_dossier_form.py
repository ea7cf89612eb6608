"""The administrative dossier form (issue 11 item 6): DSFR form markup with errors tied to
their field, every mandatory (*) field starred (001 §4.3, 000 §4.2), the mandatory profile
locked and always kept, the profiles' criteria and the selection rule shown before saving
(000 §3.2), rows added and removed with buttons, with or without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from referencement.candidatures.testing import draft, load_catalogues

pytestmark = pytest.mark.django_db
CODE = "MS2-DUI-PDE-Va1-SF"


@pytest.fixture
def candidature(editor_member):
    load_catalogues()
    return draft(CODE, editor_member)


@pytest.fixture
def page(candidature, editor_member, login_as):
    client = login_as(editor_member)
    return client, reverse("candidatures:dossier_edit", args=[candidature.pk])


def _management(prefix: str, total: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def _post_data(candidature, **extra) -> dict:
    data = {"solution_name": candidature.solution_name}
    for kind in ("commercial_names", "components", "distributors", "consortium_members"):
        data.update(_management(kind, 1))
    data.update(extra)
    return data


def test_every_field_sits_in_a_dsfr_fieldset_element_and_no_raw_delete_box(page):
    client, url = page
    html = client.get(url).content.decode()
    assert html.count('class="fr-fieldset__element"') >= 20
    assert 'class="fr-input-group' in html and 'class="fr-select-group' in html
    assert (
        "Supprimer" not in html and 'type="checkbox" name="commercial_names-0-DELETE"' not in html
    )
    for label in ("Ajouter une dénomination", "Ajouter un composant", "Ajouter un distributeur"):
        assert label in html


def test_every_mandatory_field_is_starred(page):
    # The technical version (*) per commercial name; on this dispositif the NIE and NIL are
    # « si applicable » (004 §4.2, applied to 000 by hypothesis): not starred.
    client, url = page
    html = client.get(url).content.decode()
    for field_id in ("id_solution_name", "id_commercial_names-0-technical_version"):
        label = html[html.index(f'for="{field_id}"') :]
        assert 'class="ref-required"' in label[: label.index("</label>")], field_id
    for field_id in ("id_psc_application_number", "id_nie", "id_commercial_names-0-nil"):
        label = html[html.index(f'for="{field_id}"') :]
        assert "ref-required" not in label[: label.index("</label>")], field_id


def test_sub_forms_are_tied_to_their_box(page):
    client, url = page
    html = client.get(url).content.decode()
    assert (
        'id="section-distributors"' in html
        and 'data-shown-by="id_sold_through_distributors"' in html
    )
    assert 'data-shown-by="id_is_consortium"' in html
    # Without JavaScript the sections are shown: nothing hides them server-side.
    section = html[html.index('id="section-distributors"') - 200 :]
    assert " hidden" not in section[: section.index(">") + 1]


def test_the_mandatory_profile_is_locked_and_kept_whatever_is_posted(page, candidature):
    # 000 §3.2: « Général » is imposed on every candidate.
    client, url = page
    html = client.get(url).content.decode()
    general = candidature.dispositif.profiles.get(code="GENERAL")
    box = re.search(rf'<input type="checkbox" name="profiles" value="{general.pk}"[^>]*>', html)
    assert box and "checked disabled" in box.group(0)
    client.post(url, _post_data(candidature))
    assert list(candidature.profiles.values_list("code", flat=True)) == ["GENERAL"]


def test_the_selection_rule_and_criteria_are_shown_before_saving(page):
    client, url = page
    html = client.get(url).content.decode()
    assert "Règles de choix des profils de ce dispositif" in html
    assert "ainsi qu&#x27;au moins un des deux profils « Spécifique »" in html
    # The rule is stated in plain words; its source is for the public page.
    callout = html[html.index("Règles de choix des profils") :]
    assert "000 §" not in callout[: callout.index("</ul>")]


def test_without_javascript_ajouter_returns_one_more_empty_row_unsaved(page, candidature):
    client, url = page
    data = _post_data(
        candidature, **{"commercial_names-0-name": "Solution Pro", "add": "commercial_names"}
    )
    html = client.post(url, data).content.decode()
    assert 'name="commercial_names-TOTAL_FORMS" value="2"' in html
    assert 'name="commercial_names-1-name"' in html and 'value="Solution Pro"' in html
    assert not candidature.commercial_names.exists()


def test_saved_rows_come_back_without_an_empty_row_to_fill(page, candidature):
    client, url = page
    client.post(url, _post_data(candidature, **{"commercial_names-0-name": "Solution Pro"}))
    html = client.get(url).content.decode()
    assert 'name="commercial_names-TOTAL_FORMS" value="1"' in html
    assert 'name="commercial_names-1-name"' not in html
    assert 'name="components-TOTAL_FORMS" value="1"' in html


def test_without_javascript_retirer_drops_the_row_then_saving_deletes_it(page, candidature):
    client, url = page
    data = _post_data(candidature, **{"commercial_names-0-name": "Ancienne dénomination"})
    client.post(url, data)
    assert candidature.commercial_names.count() == 1
    data = _post_data(
        candidature,
        **{"commercial_names-0-name": "Ancienne dénomination", "remove": "commercial_names-0"},
    )
    html = client.post(url, data).content.decode()
    assert 'id="commercial_names-0-row"' not in html
    assert 'name="commercial_names-0-DELETE" value="on"' in html
    client.post(url, {**data, "commercial_names-0-DELETE": "on", "remove": ""})
    assert not candidature.commercial_names.exists()


def test_htmx_adds_the_next_row_and_its_count(page, candidature):
    client, _url = page
    row_url = reverse("candidatures:dossier_row", args=[candidature.pk, "distributors"])
    html = client.get(row_url, {"distributors-TOTAL_FORMS": "2"}, HTTP_HX_REQUEST="true")
    html = html.content.decode()
    assert 'name="distributors-2-siret"' in html and "Distributeur 3" in html
    assert 'id="id_distributors-TOTAL_FORMS" hx-swap-oob="true"' in html and 'value="3"' in html


def test_a_field_error_is_tied_to_its_field(page, candidature):
    client, url = page
    data = _post_data(
        candidature,
        sold_through_distributors="on",
        **{
            "distributors-0-name": "Distrib",
            "distributors-0-siret": "123",
            "distributors-0-mandate_start": "2026-01-01",
        },
    )
    html = client.post(url, data).content.decode()
    assert 'aria-describedby="id_distributors-0-siret-messages"' in html
    assert 'id="id_distributors-0-siret-messages"' in html and "fr-message--error" in html


def test_another_editor_cannot_add_rows_to_a_dossier(candidature, other_editor_member, login_as):
    client = login_as(other_editor_member)
    row_url = reverse("candidatures:dossier_row", args=[candidature.pk, "components"])
    assert client.get(row_url, {"components-TOTAL_FORMS": "1"}).status_code == 404


def test_an_unknown_section_has_no_row(page, candidature):
    client, _url = page
    row_url = reverse("candidatures:dossier_row", args=[candidature.pk, "inconnu"])
    assert client.get(row_url, {"inconnu-TOTAL_FORMS": "1"}).status_code == 404


EMPTY_NOTICE = "Aucune exigence publiée pour ce profil : il ne pourra pas figurer sur"


def test_a_profile_without_requirement_says_so_beside_its_box_issue_12_item_12_000_3_2(
    page, candidature
):
    # « Opérateur Mailiz » has no requirement in the MS2-DUI-PDE-Va1-SF catalogue (000 §3.2).
    client, url = page
    html = client.get(url).content.decode()
    mailiz = candidature.dispositif.profiles.get(code="MAILIZ")
    esclave = candidature.dispositif.profiles.get(code="ESCLAVE-IDENTITE")
    mailiz_box = re.search(rf'value="{mailiz.pk}" id="(id_profiles_\d+)"', html).group(1)
    esclave_box = re.search(rf'value="{esclave.pk}" id="(id_profiles_\d+)"', html).group(1)
    assert f'id="{mailiz_box}-empty">{EMPTY_NOTICE}' in html.replace("&#x27;", "'")
    assert f'id="{esclave_box}-empty"' not in html


def test_saving_a_profile_without_requirement_warns_the_editor_issue_12_item_12_000_3_2(
    page, candidature
):
    client, url = page
    profiles = candidature.dispositif.profiles
    chosen = [profiles.get(code="ESCLAVE-IDENTITE").pk, profiles.get(code="MAILIZ").pk]
    response = client.post(url, _post_data(candidature, profiles=chosen), follow=True)
    html = response.content.decode().replace("&#x27;", "'")
    assert "Le dossier est enregistré." in html
    assert f"« Opérateur Mailiz » : {EMPTY_NOTICE}" in html
    assert "n'en contient pas (000 §3.2 « Exigences conditionnelles »)." in html
    assert "« Spécifique – DUI esclave de l'identité » : Aucune" not in html
    assert set(candidature.profiles.values_list("code", flat=True)) == {
        "GENERAL",
        "ESCLAVE-IDENTITE",
        "MAILIZ",
    }
