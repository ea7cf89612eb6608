from referencement.instruction.tests.fixtures import smtp_server  # noqa: F401
