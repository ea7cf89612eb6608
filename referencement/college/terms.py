"""What the convention carries of the dossier: the parties, the solution, its commercial
names with version and NIL, the profiles (what `college/pdf/convention.html` prints).

A convention signed with the application (004 §4.2) is signed on these terms: its
fingerprint is kept with the draft, and a dossier whose terms no longer match has no valid
signature until the legal representative signs the updated convention."""

from __future__ import annotations

import hashlib
import json


def convention_terms(candidature) -> dict:
    editor = candidature.editor
    return {
        "dispositif": candidature.dispositif.code,
        "editor": [
            editor.name,
            editor.legal_form,
            editor.siret,
            editor.head_office,
            editor.legal_representative,
            editor.legal_representative_function,
        ],
        "solution_name": candidature.solution_name,
        "commercial_names": [
            [name.name, name.technical_version, name.nil]
            for name in candidature.commercial_names.all()
        ],
        "profiles": sorted(profile.code for profile in candidature.profiles.all()),
    }


def terms_fingerprint(candidature) -> str:
    canonical = json.dumps(convention_terms(candidature), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
