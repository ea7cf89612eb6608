from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from referencement.core.periodic import Sweep, claim

pytestmark = pytest.mark.django_db


def test_a_sweep_period_is_claimed_by_one_worker_only():
    sweep = Sweep("test-sweep", timedelta(minutes=5), lambda: None)
    assert claim(sweep) is True
    assert claim(sweep) is False
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert claim(sweep) is True
        assert claim(sweep) is False
