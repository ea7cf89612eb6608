"""A small, tolerant HL7 v2 ER7 reader (segments, fields, repetitions, components).

hl7apy validates against one HL7 version's structures and refuses the CI-SIS messages
(PRT segments inside an HL7 2.5 ORU, for instance), so we only split the text here and
leave the rules to ``hl7v2``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEGMENT_SEPARATOR = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Segment:
    name: str
    occurrence: int  # 1-based rank among segments of the same name
    fields: tuple[str, ...]  # fields[n] is field n (fields[0] is the name)
    encoding: str = "^~\\&"

    def field(self, number: int) -> str:
        return self.fields[number] if number < len(self.fields) else ""

    def components(self, number: int, repetition: int = 0) -> list[str]:
        repetitions = self.field(number).split(self.encoding[1])
        if repetition >= len(repetitions):
            return []
        return repetitions[repetition].split(self.encoding[0])

    def component(self, number: int, component: int) -> str:
        values = self.components(number)
        return values[component - 1] if component <= len(values) else ""

    def repetitions(self, number: int) -> list[list[str]]:
        return [r.split(self.encoding[0]) for r in self.field(number).split(self.encoding[1])]

    def where(self, number: int) -> str:
        return f"{self.name}[{self.occurrence}]-{number}"


class Er7Error(ValueError):
    """Not an ER7 message (French message)."""


def parse_message(text: str) -> list[Segment]:
    lines = [line for line in _SEGMENT_SEPARATOR.split(text) if line.strip()]
    if not lines or not lines[0].startswith("MSH") or len(lines[0]) < 8:
        raise Er7Error("Le message HL7 v2 doit commencer par un segment MSH.")
    separator = lines[0][3]
    encoding = lines[0][4:8]
    segments: list[Segment] = []
    counts: dict[str, int] = {}
    for line in lines:
        parts = line.split(separator)
        name = parts[0].strip()
        if name == "MSH":
            # MSH-1 is the field separator itself and MSH-2 the encoding characters.
            parts = ["MSH", separator, *parts[1:]]
        counts[name] = counts.get(name, 0) + 1
        segments.append(Segment(name, counts[name], tuple(parts), encoding))
    return segments
