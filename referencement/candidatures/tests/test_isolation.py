"""Nothing an editor deposits is visible to another editor (000–004 §4.3 confidentiality):
every candidature page and API endpoint answers 404 to another editor's people."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import login
from referencement.accounts.testing import issue_api_token
from referencement.candidatures.testing import accepted, load_catalogues, pending
from referencement.evidence import actions as evidence_actions
from referencement.evidence.expected import expected_items

pytestmark = pytest.mark.django_db


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _routes(word: str) -> list[str]:
    return sorted({p for p in _patterns(get_resolver()) if word in p})


def _fill(route: str, values: dict) -> str:
    for name, value in values.items():
        route = route.replace(f"<int:{name}>", str(value)).replace(f"<str:{name}>", str(value))
        route = route.replace(f"<{name}>", str(value))
    return "/" + route.lstrip("^").rstrip("$")


@pytest.fixture
def foreign(editor_member, instructor):
    load_catalogues()
    candidature = accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)
    code = expected_items(candidature)[0].code
    version = evidence_actions.deposit(
        candidature, code, actor=editor_member, pending=pending(), filename="p.pdf"
    )
    return {
        "pk": candidature.pk,
        "candidature_id": candidature.pk,
        "solicitation_pk": 1,
        "solicitation_id": 1,
        "evidence_pk": version.evidence_id,
        "chapter": "INS",
        "item": code,
    }


def test_every_candidature_page_is_404_for_another_editor(client, other_editor_member, foreign):
    login(client, other_editor_member)
    routes = [r for r in _routes("candidatures/<int:pk>")]
    assert len(routes) >= 12
    for route in routes:
        url = _fill(route, foreign)
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code == 404, url


def test_every_candidature_api_endpoint_is_404_for_another_editor(
    client, other_editor_member, foreign
):
    _, clear = issue_api_token(other_editor_member, name="CI")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    routes = _routes("candidatures/<candidature_id>")
    assert len(routes) >= 8
    for route in routes:
        url = _fill(route, foreign)
        assert client.get(url, **headers).status_code in (404, 405), url
        # Well-formed bodies (JSON or multipart), so that only the ownership check refuses.
        as_json = {"data": {"answer": "x"}, "content_type": "application/json"}
        as_form = {"data": {"item": foreign["item"], "kind": "documentation"}}
        for method in (client.post, client.patch):
            codes = {method(url, **body, **headers).status_code for body in (as_json, as_form)}
            # 400/422: a body the endpoint does not parse is refused before any lookup.
            assert codes <= {400, 404, 405, 422} and codes & {404, 405}, (method, url, codes)
    assert client.get("/api/v1/candidatures", **headers).json()["count"] == 0


def test_agency_staff_read_every_candidature(client, instructor, foreign):
    login(client, instructor)
    assert client.get(f"/candidatures/{foreign['pk']}/").status_code == 200
    assert client.get(f"/candidatures/{foreign['pk']}/preuves/").status_code == 200
