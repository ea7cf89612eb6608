"""The tests' catalogue loader (referencement/catalog/testing.py, issue 17 item 6) copies a
real load of the shipped catalogues (DESIGN §3): what it writes is what
`load_all_catalogues` writes, and the audit chain it leaves holds and goes on."""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction

from referencement.audit.actions import record
from referencement.audit.verification import verify_chain
from referencement.catalog.actions import load_all_catalogues
from referencement.catalog.testing import load_catalogues


class _Undone(Exception):
    pass


def _content() -> dict[str, list]:
    """Each table's row count and rows without keys, links or dates (which differ from a
    load to the next by design), in a stable order."""
    content = {}
    for model in apps.get_models(include_auto_created=True):
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not field.primary_key
            and not field.is_relation
            and not isinstance(field, models.DateTimeField)
            # the audit chain's hashes cover the dates; subject_id is a key, as text
            and field.name not in {"hash", "previous_hash", "last_hash", "subject_id"}
        ]
        rows = model.objects.values_list(*fields) if fields else model.objects.none()
        if model.objects.exists():
            content[model._meta.label] = [model.objects.count(), sorted(map(repr, rows))]
    return content


def _content_after(load) -> dict[str, list]:
    """The database's content after `load`, which is then undone."""
    content = {}
    try:
        with transaction.atomic():
            load()
            content.update(_content())
            raise _Undone
    except _Undone:
        return content


def _no_real_load():
    raise AssertionError("loaded for real instead of copied")


def test_design_3_the_copied_catalogues_are_what_a_real_load_writes(db, monkeypatch):
    from referencement.catalog import testing

    _content_after(load_catalogues)  # the first load of the process, if none came before
    monkeypatch.setattr(testing, "load_all_catalogues", _no_real_load)
    copied = _content_after(load_catalogues)
    monkeypatch.undo()
    real = _content_after(load_all_catalogues)
    assert copied == real
    assert copied["catalog.Dispositif"][0] == 5


def test_design_3_the_audit_chain_of_copied_catalogues_holds_and_goes_on(db, instructor):
    _content_after(load_catalogues)
    load_catalogues()
    record("test.after_catalogues", actor=instructor, subject=instructor, new={})
    checked, problems = verify_chain()
    assert problems == []
    assert checked == 6  # the five catalogue loads and the event after them
