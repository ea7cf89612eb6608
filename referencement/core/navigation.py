"""The main menu, per role. Apps add their entries with `register_nav` in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    visible: Callable[[object], bool]


def _everyone(user) -> bool:
    return True


def _editor(user) -> bool:
    return getattr(user, "is_editor", False)


def _agency_admin(user) -> bool:
    return getattr(user, "is_agency_admin", False)


NAV_ENTRIES: list[NavEntry] = [
    NavEntry("Accueil", "core:home", _everyone),
    NavEntry("Mon éditeur", "accounts:my_editor", _editor),
    NavEntry("Éditeurs", "accounts:editor_list", _agency_admin),
    NavEntry("Utilisateurs", "accounts:user_list", _agency_admin),
]


def register_nav(entry: NavEntry, *, position: int | None = None) -> None:
    if any(existing.url_name == entry.url_name for existing in NAV_ENTRIES):
        return
    NAV_ENTRIES.insert(len(NAV_ENTRIES) if position is None else position, entry)


def navigation_for(request: HttpRequest) -> list[dict]:
    user = getattr(request, "user", None)
    items = []
    for entry in NAV_ENTRIES:
        if not entry.visible(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": entry.label, "url": url, "current": request.path == url})
    return items
