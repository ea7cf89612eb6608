"""Référencement: the platform for the Ségur health-software referencing schemes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("referencement")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"
