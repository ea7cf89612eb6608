"""Forms of the evidence page. Each row of the grid has its own deposit form, written out in
the row's template with the DSFR upload markup; this form validates what it posts."""

from __future__ import annotations

from django import forms


class DepositForm(forms.Form):
    item = forms.CharField(max_length=100)
    file = forms.FileField(required=False)
    # A file already received through the resumable upload endpoint (tus.py).
    televersement = forms.UUIDField(required=False)
    text = forms.CharField(required=False)
