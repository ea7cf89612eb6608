"""Server-rendered horizontal bar charts as inline SVG (no script, no external CDN)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
LABEL_WIDTH = 260
CHART_WIDTH = 560


def bar_chart(bars: list[tuple[str, int]], *, title: str) -> SafeString:
    if not bars:
        return mark_safe("")
    top = max(n for _, n in bars) or 1
    plot = CHART_WIDTH - LABEL_WIDTH - 40
    height = BAR_HEIGHT * len(bars) + 8
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, n) in enumerate(bars):
        y = 4 + index * BAR_HEIGHT
        width = round(plot * n / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}" '
            'fill="#000091"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}" font-size="12">{n}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
