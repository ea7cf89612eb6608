"""The CI-SIS volet data the schematrons do not carry (``data/volets.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "volets.yaml"


@dataclass(frozen=True)
class VoletData:
    volet_oids: dict[str, str] = field(default_factory=dict)
    compatible_versions: dict[str, list[list[str]]] = field(default_factory=dict)

    def compatible(self, oid: str, version: str, installed: list[str]) -> list[str]:
        """Installed versions declared compatible with ``version`` of volet ``oid``.

        An absent version is compatible only with a group holding every installed version.
        """
        for group in self.compatible_versions.get(oid, []):
            if version and version in group:
                return [v for v in installed if v in group]
            if not version and set(installed) <= set(group):
                return list(installed)
        return []


@cache
def volet_data(path: Path = DATA) -> VoletData:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return VoletData(
        volet_oids={str(k): str(v) for k, v in (raw.get("volet_oids") or {}).items()},
        compatible_versions={
            str(oid): [[str(v) for v in group] for group in groups]
            for oid, groups in (raw.get("compatible_versions") or {}).items()
        },
    )
