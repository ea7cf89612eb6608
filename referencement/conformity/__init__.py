"""Machine checks of deposited evidence files (DESIGN.md §5), free of Django.

``validate(data, filename=…, kind="auto")`` returns a ``Report`` of ``Finding``s.
"""

from __future__ import annotations

from .findings import Finding, Report, Severity
from .paths import default_schematron_dir
from .schematron_install import InstallResult, install_schematrons
from .validate import detect_kind, validate

__all__ = [
    "Finding",
    "InstallResult",
    "Report",
    "Severity",
    "default_schematron_dir",
    "detect_kind",
    "install_schematrons",
    "validate",
]
