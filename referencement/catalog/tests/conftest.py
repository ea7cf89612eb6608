from __future__ import annotations

import pytest

from referencement.catalog.models import Dispositif


@pytest.fixture
def ms_dui(catalogues) -> Dispositif:
    return Dispositif.objects.get(code="MS-DUI-Va2")
