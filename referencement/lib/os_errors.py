"""A file-system error as one French line, for the command line (issue 17 item 3)."""

from __future__ import annotations

import errno

REASONS = {
    errno.ENOENT: "introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EEXIST: "existe déjà",
    errno.EISDIR: "est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EROFS: "système de fichiers en lecture seule",
}


def french_os_error(error: OSError) -> str:
    reason = REASONS.get(error.errno, error.strerror or str(error))
    return f"{error.filename} : {reason}" if error.filename else reason
