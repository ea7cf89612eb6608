"""A page shows the panels the apps above it register for a slot (issue 12 « Shape »), in
their order, leaving out those that decline for the page's subject."""

from __future__ import annotations

from django.test import RequestFactory

from referencement.core import page_panels
from referencement.core.page_panels import PagePanel, register_page_panel


def test_a_slot_shows_its_registered_panels_in_order_without_those_that_decline(monkeypatch):
    monkeypatch.setattr(page_panels, "PAGE_PANELS", {})
    register_page_panel("page.slot", PagePanel("late.html", lambda r, s: {"n": s}, order=20))
    register_page_panel("page.slot", PagePanel("declined.html", lambda r, s: None, order=5))
    register_page_panel("page.slot", PagePanel("early.html", lambda r, s: {}, order=10))
    register_page_panel("other.slot", PagePanel("other.html", lambda r, s: {}))

    shown = page_panels.page_panels("page.slot", RequestFactory().get("/"), 7)

    assert shown == [{"template": "early.html"}, {"template": "late.html", "n": 7}]
    assert page_panels.page_panels("empty.slot", RequestFactory().get("/"), 7) == []
