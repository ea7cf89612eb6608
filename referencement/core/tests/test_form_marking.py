"""Forms mark their optional fields, as the DSFR now recommends, in French, and rendering
them warns about nothing (issue 17 item 5: django-dsfr's deprecation on every form)."""

from __future__ import annotations

import re
import warnings

from referencement.candidatures.forms import AdminReviewForm


def test_a_form_marks_its_optional_field_in_french_and_renders_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = str(AdminReviewForm())
    assert re.search(r"Demande de complément ou motif du rejet\s\(facultatif\)", html)
    assert "fr-required-marker" not in html
    assert "Optional" not in html
