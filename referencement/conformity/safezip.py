"""Reading untrusted zip archives: no path traversal, no symlinks, no zip bombs.

Sizes declared in the central directory are never trusted: every entry is decompressed
in chunks while counting, and reading stops as soon as a limit is crossed.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = 1000
    max_total_bytes: int = 512 * 1024 * 1024
    max_entry_bytes: int = 256 * 1024 * 1024
    max_ratio: int = 200
    # Small entries may compress very well (blank text); the ratio applies beyond this.
    ratio_floor_bytes: int = 1024 * 1024


DEFAULT_LIMITS = ZipLimits()


class SafeZipError(Exception):
    """The archive is refused; ``str(exc)`` is a French message, ``name`` the entry."""

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.name = name


def safe_name(name: str) -> str:
    """Return the normalised entry name or raise if it escapes the extraction folder."""
    unified = name.replace("\\", "/")
    path = PurePosixPath(unified)
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        raise SafeZipError(f"Chemin absolu refusé dans l'archive : {name}", name)
    if ".." in path.parts:
        raise SafeZipError(f"Chemin remontant (..) refusé dans l'archive : {name}", name)
    return str(path)


class ZipReader:
    """Lazy, budgeted access to an untrusted archive.

    The central directory is checked up front (entry count, names, symlinks, duplicates);
    an entry is decompressed only when read, and every read spends one byte budget
    (``max_total_bytes``), so a bomb-like archive never sits whole in memory.
    """

    def __init__(self, data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.spent = 0
        try:
            self._archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise SafeZipError(f"Archive zip illisible : {exc}") from exc
        infos = self._archive.infolist()
        if len(infos) > limits.max_entries:
            self._archive.close()
            raise SafeZipError(
                f"L'archive contient {len(infos)} entrées (maximum {limits.max_entries})."
            )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = safe_name(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                self._archive.close()
                raise SafeZipError(f"Lien symbolique refusé dans l'archive : {name}", name)
            if info.is_dir():
                continue
            if name in self._infos:
                self._archive.close()
                raise SafeZipError(f"Entrée en double dans l'archive : {name}", name)
            if _abnormal_ratio(info.file_size, info.compress_size, limits):
                # Declared sizes: a lie is caught while reading; the truth is refused now.
                self._archive.close()
                raise _ratio_error(name, limits)
            self._infos[name] = info

    def __enter__(self) -> ZipReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._archive.close()

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        """Decompress ``name`` (at most ``max_bytes``), spending the archive's budget."""
        limit = min(self.limits.max_entry_bytes, max_bytes or self.limits.max_entry_bytes)
        content = _read_bounded(
            self._archive, self._infos[name], name, self.limits, self.spent, limit
        )
        self.spent += len(content)
        return content


def _abnormal_ratio(size: int, compressed: int, limits: ZipLimits) -> bool:
    return size > limits.ratio_floor_bytes and size > limits.max_ratio * max(compressed, 1)


def _ratio_error(name: str, limits: ZipLimits) -> SafeZipError:
    return SafeZipError(
        f"Taux de compression anormal pour {name} (plus de {limits.max_ratio} pour 1) : "
        "archive suspecte (bombe zip).",
        name,
    )


def iter_entries(data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> Iterator[tuple[str, bytes]]:
    """Yield ``(name, content)`` for each file entry, raising ``SafeZipError`` on abuse."""
    with ZipReader(data, limits) as reader:
        for name in reader.names:
            yield name, reader.read(name)


def _read_bounded(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    limits: ZipLimits,
    total: int,
    entry_limit: int,
) -> bytes:
    content = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                content += chunk
                size = len(content)
                if size > entry_limit:
                    raise SafeZipError(
                        f"L'entrée {name} dépasse {entry_limit} octets décompressés.", name
                    )
                if total + size > limits.max_total_bytes:
                    raise SafeZipError(
                        f"L'archive dépasse {limits.max_total_bytes} octets décompressés.", name
                    )
                if _abnormal_ratio(size, info.compress_size, limits):
                    raise _ratio_error(name, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: encrypted entry; BadZipFile: CRC or size lies of the directory.
        raise SafeZipError(f"Entrée {name} illisible : {exc}", name) from exc
    return bytes(content)


def extract_all(data: bytes, dest: Path, limits: ZipLimits = DEFAULT_LIMITS) -> list[Path]:
    """Extract into ``dest`` (trusted folder) after the same checks as ``iter_entries``."""
    written = []
    root = dest.resolve()
    for name, content in iter_entries(data, limits):
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            raise SafeZipError(f"Chemin hors du dossier d'extraction : {name}", name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written
