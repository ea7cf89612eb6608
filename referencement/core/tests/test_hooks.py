"""A lower app asks an app above it through a hook the upper app connects in its `ready()`
(issue 12)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from referencement.core.hooks import Hook


def test_a_hook_answers_with_what_the_upper_app_connected():
    hook = Hook[str]("registry")
    hook.connect("answer")

    assert hook() == "answer"


def test_a_hook_nobody_connected_names_the_app_that_should_answer():
    with pytest.raises(ImproperlyConfigured, match="registry"):
        Hook[str]("registry")()
