"""The home page is made of panels that apps contribute for the roles they serve."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    template: str
    visible: Callable[[object], bool]
    context: Callable[[HttpRequest], dict]
    order: int = 100


HOME_PANELS: list[HomePanel] = []


def register_panel(panel: HomePanel) -> None:
    HOME_PANELS.append(panel)
    HOME_PANELS.sort(key=lambda p: p.order)


def panels_for(request: HttpRequest) -> list[dict]:
    return [
        {"template": panel.template, **panel.context(request)}
        for panel in HOME_PANELS
        if panel.visible(request.user)
    ]
