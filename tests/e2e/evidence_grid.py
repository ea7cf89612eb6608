"""Helpers of the browser tests for the evidence grid (issue 11 item 1): reach an item's row
and deposit from it, as an editor does."""

from __future__ import annotations

from playwright.sync_api import expect

from referencement.evidence.expected import chapter_progress
from referencement.evidence.grid import item_location


def item_row(page, candidature, code: str):
    """The row of expected item `code`: its chapter and page of the grid, then the row."""
    location = item_location(chapter_progress(candidature), code)
    page.goto(f"/candidatures/{candidature.pk}/preuves/{location}")
    return page.locator(f"#{location.rsplit('#', 1)[1]}")


def deposit_in_row(row, code: str, *, file=None, text: str = "") -> None:
    """Open the row's « Déposer », give a file and/or a text, send, wait for the outcome."""
    row.locator("summary", has_text="Déposer").click()
    if file is not None:
        row.get_by_label(f"Fichier de la preuve {code}").set_input_files(file)
    if text:
        row.get_by_label("Ou un texte").fill(text)
    row.get_by_role("button", name=f"Déposer la preuve {code}").click()
    expect(row.get_by_role("alert")).to_contain_text(f"Preuve {code} déposée.")
