"""Panels that an app adds to the page of an app below it (issue 12 « Shape »): the page
renders what is registered under a slot's name without importing the apps that fill it,
as the home page does with its panels (home.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class PagePanel:
    template: str
    # The panel's context for the page's subject; None when the panel is not shown.
    context: Callable[[HttpRequest, object], dict | None]
    order: int = 100


PAGE_PANELS: dict[str, list[PagePanel]] = {}


def register_page_panel(slot: str, panel: PagePanel) -> None:
    panels = PAGE_PANELS.setdefault(slot, [])
    panels.append(panel)
    panels.sort(key=lambda p: p.order)


def page_panels(slot: str, request: HttpRequest, subject: object) -> list[dict]:
    """The panels shown in `slot` of a page about `subject`, each with its template."""
    shown = []
    for panel in PAGE_PANELS.get(slot, []):
        context = panel.context(request, subject)
        if context is not None:
            shown.append({"template": panel.template, **context})
    return shown
