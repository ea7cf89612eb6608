"""Issue 16 item 8 (OWASP CSV injection): every CSV the platform writes goes through
SafeCsvWriter; a text cell beginning with = + - @, tab or carriage return is prefixed with '."""

from __future__ import annotations

import io

from referencement.lib.rem_sheets import write_csv


def test_the_requirements_csv_export_neutralises_formula_cells():
    out = io.BytesIO()
    write_csv([["=1+1", "+33 1", "-x", "@A1", "texte", 3, -4]], out)
    assert out.getvalue().decode("utf-8-sig").strip() == "'=1+1;'+33 1;'-x;'@A1;texte;3;-4"
