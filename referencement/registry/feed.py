"""The registry's feed (issue 15 item 4): attestations issued, withdrawn and revoked, one
entry per change of an edition, newest first, optionally for one dispositif. Served as Atom
(/registre/flux.atom) and as a JSON Feed (/api/v1/registry/feed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Edition

FEED_KINDS = {
    "issued": "Attestation délivrée",
    "withdrawn": "Retrait du référencement",
    "revoked": "Révocation du référencement",
}
FEED_EDITIONS = 50
FEED_TITLE = "Registre du référencement Ségur — délivrances, retraits et révocations"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    summary: str
    attestation_url: str
    edition_url: str
    edition_number: int
    edition_sha256: str
    published_at: datetime
    change: dict


def entries(dispositif: str = "") -> list[Entry]:
    found = []
    for edition in Edition.objects.only("number", "sha256", "published_at", "changes")[
        :FEED_EDITIONS
    ]:
        for change in edition.changes:
            if change["kind"] not in FEED_KINDS:
                continue
            if dispositif and change["dispositif"] != dispositif:
                continue
            found.append(_entry(edition, change))
    return found


def _entry(edition: Edition, change: dict) -> Entry:
    label = FEED_KINDS[change["kind"]]
    edition_url = settings.SITE_URL + reverse(
        "api:registry_edition", kwargs={"number": edition.number}
    )
    return Entry(
        id=f"{edition_url}#{change['kind']}-{change['number']}",
        title=f"{label} — {change['solution']} ({change['number']})",
        summary=(
            f"{label} : « {change['solution']} » de {change['editor']}, dispositif "
            f"{change['dispositif']}, numéro {change['number']}. Édition n° {edition.number} "
            f"du registre (SHA-256 {edition.sha256})."
        ),
        attestation_url=settings.SITE_URL
        + reverse("registry:attestation", args=[change["number"]]),
        edition_url=edition_url,
        edition_number=edition.number,
        edition_sha256=edition.sha256,
        published_at=edition.published_at,
        change=change,
    )


def feed_url(name: str, dispositif: str) -> str:
    suffix = f"?dispositif={dispositif}" if dispositif else ""
    return settings.SITE_URL + reverse(name) + suffix


def atom(dispositif: str = "") -> bytes:
    feed = Atom1Feed(
        title=FEED_TITLE + (f" ({dispositif})" if dispositif else ""),
        link=settings.SITE_URL + reverse("registry:list"),
        description=FEED_TITLE,
        language="fr",
        feed_url=feed_url("registry:feed_atom", dispositif),
    )
    for entry in entries(dispositif):
        feed.add_item(
            title=entry.title,
            link=entry.attestation_url,
            description=entry.summary,
            unique_id=entry.id,
            pubdate=entry.published_at,
            updateddate=entry.published_at,
            categories=[entry.change["kind"], entry.change["dispositif"]],
            enclosures=[],
        )
    return feed.writeString("utf-8").encode()


def json_feed(dispositif: str = "") -> dict:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": FEED_TITLE + (f" ({dispositif})" if dispositif else ""),
        "home_page_url": settings.SITE_URL + reverse("registry:list"),
        "feed_url": feed_url("api:registry_feed", dispositif),
        "language": "fr",
        "items": [
            {
                "id": entry.id,
                "url": entry.attestation_url,
                "title": entry.title,
                "content_text": entry.summary,
                "date_published": entry.published_at.isoformat(),
                "tags": [entry.change["kind"], entry.change["dispositif"]],
                "_registry": {
                    **entry.change,
                    "edition": entry.edition_number,
                    "edition_sha256": entry.edition_sha256,
                    "edition_url": entry.edition_url,
                },
            }
            for entry in entries(dispositif)
        ],
    }
