from referencement.instruction.tests.fixtures import catalogues, smtp_server  # noqa: F401
