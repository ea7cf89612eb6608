"""The base of every form of the platform (issue 17 item 5).

The DSFR no longer marks required fields: it marks the optional ones (« (facultatif) »,
DSFR « Champ obligatoire »). ``DSFR_MARK_OPTIONAL_FIELDS`` in the settings makes the DSFR
field templates do so; django-dsfr's ``get_context`` only warns about that transitional
setting, so the platform's forms build their context without it."""

from __future__ import annotations

from dsfr.forms import DsfrBaseForm


class PlatformForm(DsfrBaseForm):
    def get_context(self) -> dict:
        context = super(DsfrBaseForm, self).get_context()
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context
