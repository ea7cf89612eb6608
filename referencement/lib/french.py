"""French plural rule: 0 and 1 take the singular (« 0 exigence », « 1 exigence »,
« 2 exigences »), unlike Django's ``pluralize`` and English ``ngettext`` fallback."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str) -> str:
    """The noun phrase for ``count`` items, count included: ``plural(414, "exigence",
    "exigences")`` → ``"414 exigences"``."""
    return f"{count} {singular if abs(count) < 2 else plural_form}"


def suffix(count: int, forms: str = "s") -> str:
    """The ending for ``count``: ``forms`` is ``"s"`` or ``"singular,plural"`` endings."""
    one, _, many = forms.rpartition(",") if "," in forms else ("", "", forms)
    return one if abs(count) < 2 else many


def enumeration(parts: list[str]) -> str:
    """``["a", "b", "c"]`` → « a, b et c »; an empty list → an empty string."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} et {parts[-1]}"


def code_list(codes: list[str], shown: int = 20) -> str:
    """The first ``shown`` codes, then how many more: « A, B (et 3 autres) »."""
    more = f" (et {len(codes) - shown} autres)" if len(codes) > shown else ""
    return ", ".join(codes[:shown]) + more
