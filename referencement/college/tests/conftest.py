import pytest

from conftest import UserFactory
from referencement.accounts.choices import Role
from referencement.instruction.tests.fixtures import catalogues, smtp_server  # noqa: F401


@pytest.fixture
def second_member(db):
    """The collège member who confirms what another recorded (issue 16 item 7)."""
    return UserFactory(role=Role.COLLEGE_MEMBER, full_name="Seconde Signataire")


@pytest.fixture
def members(college_member, second_member):
    """Two members who sit and sign: the first records, the second confirms."""
    return college_member, second_member
