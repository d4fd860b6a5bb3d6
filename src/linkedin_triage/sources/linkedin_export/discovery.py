"""Finding the export's CSVs in a zip or a folder, by file name, and the date in its name."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from linkedin_triage.errors import TriageError
from linkedin_triage.sources import contract

# The files read, by logical name = the file name compacted (lower case, letters and digits).
EXPORT_FILES = ("invitations", "connections", "profile", "positions", "education", "messages")
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{4})(?!\d)")
_COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")  # "Connections (1).csv" from a browser's second download


@dataclass(frozen=True)
class ExportFile:
    """One CSV found in the export: its bytes and where it sat."""

    key: str
    label: str  # shown in messages: a path, or `archive.zip:member`
    folders: tuple[str, ...]  # folder names between the export root and the file
    data: bytes


@dataclass
class ExportFiles:
    """The CSVs of one export that this importer reads, by logical name."""

    export: Path
    files: dict[str, ExportFile]
    notices: list[str] = field(default_factory=list)


def file_key(name: str) -> str | None:
    """The logical file a name stands for (`Invitations.csv` -> `invitations`), else None.

    Case, spaces, underscores and a browser's ` (1)` copy suffix do not matter.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if base.startswith("._") or not base.lower().endswith(".csv"):
        return None  # macOS resource forks ride along in zips made on a Mac
    stem = _COPY_SUFFIX.sub("", base[:-4])
    compacted = contract.compact(stem)
    return compacted if compacted in EXPORT_FILES else None


def choose_files(paths: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Pick one path per logical file: the shallowest, then the first by name.

    Returns the choice and notices about the files passed over.
    """
    candidates: dict[str, list[str]] = {}
    for path in paths:
        parts = path.replace("\\", "/").split("/")
        if any(p == "__MACOSX" for p in parts):
            continue
        key = file_key(path)
        if key:
            candidates.setdefault(key, []).append(path)
    chosen: dict[str, str] = {}
    notices: list[str] = []
    for key, found in candidates.items():
        found.sort(key=lambda p: (p.replace("\\", "/").count("/"), p))
        chosen[key] = found[0]
        if len(found) > 1:
            notices.append(f"{len(found)} files look like {key}.csv; used {found[0]}")
    return chosen, notices


def discover_files(export: Path) -> ExportFiles:
    """Find the export's CSVs in a zip or a folder (recursively, names case-insensitive)."""
    export = Path(export)
    if not export.exists():
        raise TriageError(
            f"{export}: not found (expected LinkedIn's data export: the .zip or its folder)"
        )
    if export.is_dir():
        return _files_in_folder(export)
    if export.suffix.lower() == ".zip" or zipfile.is_zipfile(export):
        return _files_in_zip(export)
    raise TriageError(
        f"{export}: expected LinkedIn's data export as a .zip file or an unzipped folder"
    )


def _files_in_folder(folder: Path) -> ExportFiles:
    relative: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root).relative_to(folder)
        relative.extend((base / n).as_posix() for n in names)
    chosen, notices = choose_files(relative)
    files = {}
    for key, rel in chosen.items():
        path = folder / rel
        try:
            data = path.read_bytes()
        except OSError as error:
            raise TriageError(f"{path}: cannot read ({error.strerror or error})") from None
        files[key] = ExportFile(key, str(path), tuple(Path(rel).parts[:-1]), data)
    return ExportFiles(folder, files, notices)


def _files_in_zip(archive: Path) -> ExportFiles:
    try:
        with zipfile.ZipFile(archive) as opened:
            members = [m for m in opened.namelist() if not m.endswith("/")]
            chosen, notices = choose_files(members)
            files = {
                key: ExportFile(
                    key, f"{archive}:{name}", tuple(name.split("/")[:-1]), opened.read(name)
                )
                for key, name in chosen.items()
            }
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise TriageError(f"{archive}: not a readable zip archive ({error})") from None
    return ExportFiles(archive, files, notices)


def export_date_from_name(name: str) -> date | None:
    """The date in `..._LinkedInDataExport_MM-DD-YYYY`, or None."""
    for month, day, year in _DATE_IN_NAME.findall(name):
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None
