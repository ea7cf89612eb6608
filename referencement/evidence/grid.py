"""The evidence page as a grid by chapter (issue 11 item 1): which chapter is shown, which
filter applies, which page of its items, and where a given item sits in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

from .expected import ChapterProgress, ExpectedItem

ITEMS_PER_PAGE = 20

# query value → (label, test)
FILTERS: dict[str, tuple[str, Callable[[ExpectedItem], bool]]] = {
    "manquantes": ("Manquantes", lambda item: item.missing),
    "non-conformes": ("Non conformes", lambda item: item.required and item.failed_check),
    "a-corriger": ("À corriger", lambda item: item.required and item.to_correct),
}


@dataclass(frozen=True)
class FilterChoice:
    value: str
    label: str
    count: int
    url: str
    current: bool


@dataclass(frozen=True)
class Grid:
    chapters: list[ChapterProgress]
    chapter: ChapterProgress | None
    filter: str
    filters: list[FilterChoice]
    page: Page | None

    def query(self, **changes: str | int) -> str:
        """The query string of this view of the grid with `changes` applied."""
        values = {"chapitre": self.chapter.slug if self.chapter else "", "filtre": self.filter}
        values.update(changes)
        return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})

    @property
    def page_links(self) -> list[tuple[int, str]]:
        return [(number, self.query(page=number)) for number in self.page.paginator.page_range]

    @property
    def previous_url(self) -> str:
        return self.query(page=self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.query(page=self.page.next_page_number()) if self.page.has_next() else ""


def _selected(chapters: list[ChapterProgress], slug: str) -> ChapterProgress | None:
    """The requested chapter, else the first with missing items, else the first."""
    for chapter in chapters:
        if chapter.slug == slug:
            return chapter
    return next((c for c in chapters if not c.complete), chapters[0] if chapters else None)


def build_grid(chapters: list[ChapterProgress], params) -> Grid:
    chapter = _selected(chapters, params.get("chapitre", ""))
    name = params.get("filtre", "")
    name = name if name in FILTERS else ""
    items = chapter.items if chapter else []
    shown = [item for item in items if FILTERS[name][1](item)] if name else items
    page = Paginator(shown, ITEMS_PER_PAGE).get_page(params.get("page")) if chapter else None
    grid = Grid(chapters, chapter, name, [], page)
    all_items = FilterChoice("", "Toutes", len(items), grid.query(filtre=""), not name)
    filters = [all_items] + [
        FilterChoice(
            value,
            label,
            sum(1 for item in items if test(item)),
            grid.query(filtre=value),
            value == name,
        )
        for value, (label, test) in FILTERS.items()
    ]
    return Grid(chapters, chapter, name, filters, page)


def item_location(chapters: list[ChapterProgress], code: str) -> str:
    """The query string and anchor of the unfiltered page that shows item `code`: where a
    deposit brings the user back."""
    for chapter in chapters:
        for index, item in enumerate(chapter.items):
            if item.code == code:
                page = index // ITEMS_PER_PAGE + 1
                grid = Grid(chapters, chapter, "", [], None)
                return f"{grid.query(page=page)}#{item.anchor}"
    return ""
