from referencement.instruction.tests.fixtures import catalogues, smtp_server, staff  # noqa: F401
