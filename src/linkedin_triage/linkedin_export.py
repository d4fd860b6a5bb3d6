"""LinkedIn's own data export -> a requests table with derived labels (and a starting policy).

The export is a zip (or its unzipped folder) of CSVs whose names, headers, encodings and date
forms changed between 2018 and 2026. Everything here finds files by name and headers by
content, never by position.

Leakage: Connections.csv lists accepted people only, so from it we take who and when, never
what (Company, Position): those columns are not even kept after reading.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd

from linkedin_triage import contract, parsing
from linkedin_triage.countries import country_from_location, to_iso2
from linkedin_triage.errors import TriageError
from linkedin_triage.io import Reject, RequestsReader, TableWriter, atomic_path, write_rejects

# The files read, by logical name = the file name compacted (lower case, letters and digits).
EXPORT_FILES = ("invitations", "connections", "profile", "positions", "education", "messages")
# Headers (compacted) that identify each file's header row; other columns are optional.
REQUIRED_HEADERS = {
    "invitations": ("from", "to", "sentat", "direction"),
    "connections": ("firstname", "lastname", "connectedon"),
    "profile": ("firstname", "lastname"),
    "positions": ("companyname",),
    "education": ("schoolname",),
    "messages": ("from", "to", "date"),
}
EXPORT_DATETIME_FORMATS = (
    "%m/%d/%y, %I:%M %p",  # Sent At; Connected On in 2018
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %H:%M",  # Excel re-saves
    "%m/%d/%Y %H:%M",
    "%d %b %Y",  # Connected On since 2020
    "%d %B %Y",
    "%d-%b-%y",  # Excel re-saves
    "%d-%b-%Y",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%Y-%m-%d %H:%M:%S UTC",  # messages.csv
    "ISO8601",
)
PROFILE_COLUMNS = (
    "headline", "title", "company", "industry", "location", "country", "mutual_connections",
    "connections", "followers", "has_photo", "verified", "joined_on", "about", "experience_count",
    "education_count", "skills_count", "recommendations_count", "past_companies", "schools",
)  # fmt: skip
TEXT_COLUMNS = ("name", "message", "headline", "title", "company", "industry", "location", "about")
HEADER_SEARCH_ROWS = 40
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{4})(?!\d)")
_COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")  # "Connections (1).csv" from a browser's second download
_METRO = re.compile(r"^greater\s+(.+?)(?:\s+metropolitan)?(?:\s+area)?$", re.IGNORECASE)
_DRAFT_WORDS = frozenset({"yes", "true", "1"})


# -- files ---------------------------------------------------------------------------------------
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


# -- reading one CSV -----------------------------------------------------------------------------
def decode_export_bytes(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-16 (BOM), UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data[1:2000:2].count(0) > len(data[1:2000:2]) // 2:
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"  # BOM lost on the way
    # Excel on Windows re-saves Western European text as Windows-1252.
    return data.decode("cp1252", errors="replace"), "cp1252"


def find_header_row(records: Sequence[Sequence[str]], required: Iterable[str]) -> int | None:
    """Index of the first record holding every required header (compared compacted), else None."""
    wanted = {contract.compact(r) for r in required}
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        if wanted <= {contract.compact(cell) for cell in record}:
            return index
    return None


def _records(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    if limit is None:
        return list(reader)
    out = []
    for record in reader:
        out.append(record)
        if len(out) >= limit:
            break
    return out


def read_export_csv(file: ExportFile, required: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """One export CSV as text cells under compacted headers, found by content.

    Returns the frame (index = 1-based data row, column `_extra` holds surplus fields
    of rows wider than the header) and notices. Raises TriageError when no header matches.
    """
    text, encoding = decode_export_bytes(file.data)
    notices = [f"{file.label}: not UTF-8; decoded as Windows-1252"] if encoding == "cp1252" else []
    for delimiter in (",", ";", "\t"):  # Excel in some locales re-saves with `;`
        try:
            head = _records(text, delimiter, HEADER_SEARCH_ROWS)
        except csv.Error:
            continue
        start = find_header_row(head, required)
        if start is not None:
            break
    else:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        raise TriageError(
            f"{file.label}: no header row with the columns {', '.join(required)} "
            f"(first line: {first[:120]!r}); is this LinkedIn's {file.key} file?"
        )
    try:
        records = _records(text, delimiter)
    except csv.Error as error:
        raise TriageError(f"{file.label}: broken CSV ({error})") from None
    header = [contract.compact(h) for h in records[start]]
    return _cells_frame(header, records[start + 1 :]), notices


def _cells_frame(header: list[str], records: list[list[str]]) -> pd.DataFrame:
    width = len(header)
    rows, extras = [], []
    for record in records:
        cells = [c.strip() for c in record]
        if not any(cells):
            continue  # blank lines carry nothing
        surplus = [c for c in cells[width:] if c]  # Excel sometimes adds empty trailing fields
        rows.append((cells + [""] * width)[:width])
        extras.append(",".join(surplus))
    unique = list(dict.fromkeys(header))  # a repeated header: the first one wins
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame = frame.loc[:, ~frame.columns.duplicated()].reindex(columns=unique)
    frame["_extra"] = extras
    frame.index = range(1, len(frame) + 1)
    return frame


# -- values --------------------------------------------------------------------------------------
def parse_export_dates(values: pd.Series) -> pd.Series:
    """Every date form seen in exports -> naive timestamps; NaT where unreadable or empty."""
    text = values.astype("string").str.replace(r"[\u00a0\u202f\s]+", " ", regex=True).str.strip()
    text = text.mask(text == "")
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = text.notna()
    for fmt in _formats_first_matching(text.dropna().head(1)):
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce", utc=True)
        hit = parsed.notna()
        if hit.any():
            rows = hit[hit].index
            result.loc[rows] = parsed[hit].dt.tz_convert(None).astype("datetime64[ns]")
            todo.loc[rows] = False
    return result


def _formats_first_matching(sample: pd.Series) -> list[str]:
    """All formats, the one that reads `sample` first: a column nearly always has one form."""
    for fmt in EXPORT_DATETIME_FORMATS:
        if pd.to_datetime(sample, format=fmt, errors="coerce", utc=True).notna().all():
            return [fmt, *(f for f in EXPORT_DATETIME_FORMATS if f != fmt)]
    return list(EXPORT_DATETIME_FORMATS)


def parse_export_date(value: str) -> pd.Timestamp | None:
    """One export date (any form) or None."""
    parsed = parse_export_dates(pd.Series([value], dtype=object)).iloc[0]
    return None if pd.isna(parsed) else pd.Timestamp(parsed)


def decode_profile_url(url: object) -> str | None:
    """A profile URL percent-decoded and trimmed; None when empty or slug-less (`.../in`)."""
    if url is None or (isinstance(url, float) and np.isnan(url)) or url is pd.NA:
        return None
    text = unicodedata.normalize("NFC", unquote(str(url)).strip()).rstrip("/")
    if not text or not profile_url_key(text):
        return None
    return text


@lru_cache(maxsize=1 << 16)  # message files repeat the same few URLs many times
def profile_url_key(url: str) -> str | None:
    """The part that identifies a person (`in/<slug>`, lower case); scheme, host, query ignored."""
    text = unicodedata.normalize("NFC", unquote(url).strip())
    # By hand, not urlsplit: that raises on stray brackets, and any cell can hold anything.
    text = re.split(r"[?#]", re.sub(r"^[a-z]+://", "", text, flags=re.IGNORECASE), maxsplit=1)[0]
    parts = [p for p in text.split("/")[1:] if p]  # the first part is the host
    if len(parts) < 2 or parts[0].lower() not in {"in", "pub"}:
        return None
    return "/".join(parts[:2]).casefold()


def name_key(name: object) -> str:
    """A name compared exactly, up to spacing, case and Unicode form."""
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return ""
    return " ".join(unicodedata.normalize("NFC", str(name)).split()).casefold()


def export_date_from_name(name: str) -> date | None:
    """The date in `..._LinkedInDataExport_MM-DD-YYYY`, or None."""
    for month, day, year in _DATE_IN_NAME.findall(name):
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


# -- labels --------------------------------------------------------------------------------------
def derive_labels(
    requests: pd.DataFrame, connections: pd.DataFrame, export_date: date, grace_days: int
) -> pd.DataFrame:
    """accept / ignore / pending for incoming requests.

    Args:
        requests: `name`, `received_at` (Timestamp), `profile_url` (decoded or None).
        connections: `name`, `profile_url`, `connected_on` (Timestamp or NaT).
        export_date: when the export was made.
        grace_days: a request unanswered more than this many whole days before the export
            date counts as ignored (LinkedIn keeps no record of ignoring).
    Returns:
        Same index: `decision` ("accept", "ignore" or None), `decided_at`, `matched_by`
        ("url", "name" or None). A name match is refused when both sides have different URLs.
    """
    by_url: dict[str, pd.Timestamp] = {}
    by_name: dict[str, list[tuple[str | None, pd.Timestamp]]] = {}
    for url, name, when in connections[["profile_url", "name", "connected_on"]].itertuples(
        index=False
    ):
        key = profile_url_key(url) if isinstance(url, str) else None
        if key:
            by_url.setdefault(key, when)
        if name_key(name):
            by_name.setdefault(name_key(name), []).append((key, when))
    rows: list[tuple[str | None, object, str | None]] = []
    for url, name, received in requests[["profile_url", "name", "received_at"]].itertuples(
        index=False
    ):
        key = profile_url_key(url) if isinstance(url, str) else None
        if key and key in by_url:
            rows.append(("accept", by_url[key], "url"))
            continue
        dates = [when for other, when in by_name.get(name_key(name), []) if not (key and other)]
        if dates:
            rows.append(("accept", _connection_date(dates, received), "name"))
        elif (export_date - received.date()).days > grace_days:
            rows.append(("ignore", pd.NaT, None))
        else:
            rows.append((None, pd.NaT, None))
    columns = ["decision", "decided_at", "matched_by"]
    labels = pd.DataFrame(rows, index=requests.index, columns=columns, dtype=object)
    labels["decided_at"] = pd.to_datetime(labels["decided_at"])
    return labels


def _connection_date(dates: list[pd.Timestamp], received: pd.Timestamp) -> pd.Timestamp:
    """Of several same-name connections, the first connected on or after the request's day."""
    known = sorted(d for d in dates if not pd.isna(d))
    after = [d for d in known if d.normalize() >= received.normalize()]
    if after:
        return after[0]
    return known[-1] if known else pd.NaT


# -- invitations and connections -----------------------------------------------------------------
@dataclass
class Invitations:
    """INCOMING requests read from Invitations.csv, with the rows that could not be used."""

    requests: pd.DataFrame  # row, name, received_at, message, profile_url
    outgoing: int
    other_direction: int
    rejects: list[Reject]
    newest: pd.Timestamp | None


def read_invitations(file: ExportFile) -> tuple[Invitations, list[str]]:
    """INCOMING rows of Invitations.csv (requester = `From`); bad rows become rejects."""
    cells, notices = read_export_csv(file, REQUIRED_HEADERS["invitations"])
    direction = cells["direction"].str.upper()
    sent = parse_export_dates(cells["sentat"])
    incoming = cells[direction == "INCOMING"]
    url_column = cells.get("inviterprofileurl", pd.Series("", index=cells.index))
    rejects: list[Reject] = []
    keep: list[int] = []
    for row in incoming.index:
        problem = _invitation_problem(incoming.loc[row], sent.loc[row])
        if problem:
            column, value, reason = problem
            rejects.append(Reject(int(row), "", column, value[:200], reason))
        else:
            keep.append(row)
    frame = pd.DataFrame(
        {
            "row": keep,
            "name": [" ".join(cells.at[r, "from"].split()) for r in keep],
            "received_at": sent.loc[keep].to_list(),
            "message": [cells.at[r, "message"] if "message" in cells else "" for r in keep],
            "profile_url": [decode_profile_url(url_column.loc[r]) for r in keep],
        }
    )
    newest = sent.max()
    return (
        Invitations(
            requests=frame,
            outgoing=int((direction == "OUTGOING").sum()),
            other_direction=int((~direction.isin(["INCOMING", "OUTGOING"])).sum()),
            rejects=rejects,
            newest=None if pd.isna(newest) else newest,
        ),
        notices,
    )


def _invitation_problem(cells: pd.Series, sent: pd.Timestamp) -> tuple[str, str, str] | None:
    if cells["_extra"]:
        return "*", cells["_extra"], "more fields than the header"
    if not cells["from"]:
        return "From", "", "required value is empty"
    if pd.isna(sent):
        return "Sent At", cells["sentat"], "not a date (expected M/D/YY, h:mm AM)"
    return None


def read_connections(file: ExportFile) -> tuple[pd.DataFrame, list[str]]:
    """Who is connected and since when: name, profile_url, connected_on. Nothing else is kept."""
    cells, notices = read_export_csv(file, REQUIRED_HEADERS["connections"])
    urls = cells["url"] if "url" in cells else pd.Series("", index=cells.index)
    frame = pd.DataFrame(
        {
            "name": (cells["firstname"] + " " + cells["lastname"]).str.strip(),
            "profile_url": urls.map(decode_profile_url),
            "connected_on": parse_export_dates(cells["connectedon"]),
        }
    )
    broken = int((cells["_extra"] != "").sum())
    if broken:
        notices.append(f"{file.label}: {broken} row(s) have more fields than the header")
    return frame, notices


# -- messages (optional) -------------------------------------------------------------------------
def count_prior_messages(requests: pd.DataFrame, messages: pd.DataFrame) -> pd.Series:
    """Messages exchanged with each requester strictly before their request arrived.

    Matched by profile URL when the request has one, else by exact name. Drafts are skipped.
    Args:
        requests: `name`, `received_at`, `profile_url`.
        messages: compacted messages.csv cells (`from`, `to`, `date`, optional
            `senderprofileurl`, `recipientprofileurls`, `ismessagedraft`).
    """
    dates = parse_export_dates(messages["date"])
    draft = messages.get("ismessagedraft", pd.Series("", index=messages.index)).str.lower()
    sent = dates.notna() & ~draft.isin(_DRAFT_WORDS)  # a draft was never sent
    empty = pd.Series("", index=messages.index)
    urls = (
        messages.get("senderprofileurl", empty) + "," + messages.get("recipientprofileurls", empty)
    )
    wanted_urls = {_url_key_or_none(u) for u in requests["profile_url"]} - {None}
    url_keys = _participants(urls[sent], dates[sent], _url_key_or_none, wanted_urls)
    wanted_names: set[str | None] = {
        name_key(n) for n, u in requests[["name", "profile_url"]].to_numpy() if not u
    }
    names = messages["from"] + "," + messages["to"]
    name_keys = _participants(names[sent], dates[sent], name_key, wanted_names)
    counts = []
    nothing = np.array([], dtype="datetime64[ns]")
    for url, name, received in requests[["profile_url", "name", "received_at"]].to_numpy():
        key = _url_key_or_none(url)
        times = url_keys.get(key, nothing) if key else name_keys.get(name_key(name), nothing)
        counts.append(int(np.searchsorted(times, received.to_datetime64(), side="left")))
    return pd.Series(counts, index=requests.index, dtype="int64")


def _participants(
    lists: pd.Series, dates: pd.Series, key: Callable[[object], str | None], wanted: set[str | None]
) -> dict[str, np.ndarray]:
    """Comma-separated participants per message -> sorted message times of the wanted ones."""
    if not wanted:
        return {}
    pairs = pd.DataFrame({"who": lists.str.split(","), "when": dates}).explode("who")
    pairs["who"] = pairs["who"].str.strip().map(key)
    pairs = pairs[pairs["who"].isin(wanted)]
    pairs = pairs.reset_index().drop_duplicates(["index", "who"])  # once per message
    return {
        str(who): np.sort(group.to_numpy(dtype="datetime64[ns]"))
        for who, group in pairs.groupby("who")["when"]
    }


def _url_key_or_none(url: object) -> str | None:
    return profile_url_key(url) if isinstance(url, str) and url else None


def read_messages(file: ExportFile) -> tuple[pd.DataFrame | None, list[str]]:
    """messages.csv cells, or None with a notice when its header is not recognised."""
    try:
        return read_export_csv(file, REQUIRED_HEADERS["messages"])
    except TriageError as error:
        return None, [f"prior_messages left out: {error}"]


# -- enrichment ----------------------------------------------------------------------------------
@dataclass
class Enrichment:
    """Profile attributes keyed by profile URL, as contract-normalised text."""

    values: pd.DataFrame  # index = profile_url_key, columns = PROFILE_COLUMNS present
    rows: int
    rejected_rows: int
    without_url: int
    repeated: int
    notices: list[str]


def read_enrichment(path: Path) -> Enrichment:
    """Read an enrichment table (contract columns or third-party aliases) keyed by profile URL."""
    reader = RequestsReader(Path(path), strict_columns=False)
    mapped = set(reader.columns.canonical)
    if "profile_url" not in mapped:
        raise TriageError(
            f"{path}: no profile URL column (expected profile_url or an alias such as profileUrl); "
            f"found: {', '.join(reader.headers)}"
        )
    mapped |= {"country"} if "location" in mapped else set()
    mapped |= {"has_photo"} if "photo_url" in mapped else set()
    frames = [chunk.frame for chunk in reader.chunks()]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    columns = [c for c in PROFILE_COLUMNS if c in mapped]
    text = pd.DataFrame({c: _as_contract_text(frame, c) for c in columns}, index=frame.index)
    keys = frame["profile_url"].map(lambda u: profile_url_key(u) if isinstance(u, str) else None)
    text.index = pd.Index(keys, dtype=object)
    with_url = text[text.index.notna()]
    unique = with_url[~with_url.index.duplicated(keep="first")]
    return Enrichment(
        values=unique,
        rows=reader.n_read,
        rejected_rows=reader.n_rejected_rows,
        without_url=int(keys.isna().sum()),
        repeated=len(with_url) - len(unique),
        notices=list(reader.notices),
    )


def _as_contract_text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A normalised column back as the text the contract reads (`500+`, `true`, `a; b`)."""
    kind = contract.BY_NAME[column].kind
    values = frame[column]

    def one(value: object, lower_bound: bool = False) -> str | None:
        if value is None or (not isinstance(value, tuple) and pd.isna(value)):
            return None
        if kind == "count":
            return f"{int(value)}{'+' if lower_bound else ''}"  # type: ignore[call-overload]
        if kind == "bool":
            return "true" if value else "false"
        if kind == "list":
            return "; ".join(value)  # type: ignore[arg-type]
        if kind in {"date", "datetime"}:
            return pd.Timestamp(value).isoformat()
        return str(value)

    if column == "connections":
        bound = frame["connections_is_lower_bound"]
        return pd.Series([one(v, b) for v, b in zip(values, bound, strict=True)], index=frame.index)
    return values.map(one).astype(object)


def merge_enrichment(
    requests: pd.DataFrame, enrichment: Enrichment
) -> tuple[pd.DataFrame, int, int]:
    """Profile columns added by decoded URL; core columns and labels are never touched.

    Returns the merged frame, the requests matched and the enrichment rows that matched none.
    """
    keys = requests["profile_url"].map(lambda u: profile_url_key(u) if isinstance(u, str) else None)
    found = keys.isin(enrichment.values.index) & keys.notna()
    merged = requests.copy()
    for column in enrichment.values.columns:
        lookup = enrichment.values[column]
        merged[column] = keys.map(lambda k, s=lookup: s.get(k) if k is not None else None)
    unmatched = int((~enrichment.values.index.isin(keys.dropna())).sum())
    return merged, int(found.sum()), unmatched


# -- policy --------------------------------------------------------------------------------------
@dataclass
class PolicyDraft:
    """A starting `[me]` section derived from the owner's own files."""

    name: str = ""
    industry: str | None = None
    country: str | None = None
    city: str = ""
    companies: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    connections: int | None = None
    location: str = ""  # where country and city came from, quoted in a comment

    @property
    def missing(self) -> list[str]:
        """Required keys that could not be derived."""
        return [key for key in ("industry", "country") if not getattr(self, key)]

    def to_toml(self, source: str) -> str:
        """policy.toml text: valid TOML; TODO comments where the user must act."""
        lines = [
            f"# Starting policy derived from your LinkedIn data export ({source}).",
            "# Check every value; `linkedin-triage train` reads this file.",
            "",
            "[me]",
            _toml("name", self.name),
        ]
        lines += _required_key(
            "industry", self.industry, 'your LinkedIn industry, e.g. "Software Development"'
        )
        where = f" (from Geo Location {self.location!r})" if self.location else ""
        lines += _required_key(
            "country", self.country, 'your country, an ISO code such as "IT"', where
        )
        lines.append(_toml("city", self.city))
        lines += [
            "# current and past employers, from Positions.csv",
            _toml("companies", self.companies),
        ]
        lines += ["# from Education.csv", _toml("schools", self.schools)]
        if self.connections is not None:
            lines += ["# rows in Connections.csv", _toml("connections", self.connections)]
        lines += [
            "",
            "[interests]",
            "# TODO: who matters to your work; the rules and the model use these lists.",
            '# TODO: industries you work with or sell to, e.g. ["Manufacturing", "Retail"]',
            "industries = []",
            '# TODO: title keywords you want to hear from, e.g. ["CTO", "Founder", "Procurement"]',
            "titles = []",
            '# TODO: countries you do business in, ISO codes, e.g. ["IT", "CH", "DE"]',
            "markets = []",
            '# TODO: companies you compete with, e.g. ["Capgemini"]',
            "competitors = []",
            "",
        ]
        return "\n".join(lines)


def _toml(key: str, value: object) -> str:
    import tomli_w

    return tomli_w.dumps({key: value}).rstrip("\n")


def _required_key(key: str, value: str | None, hint: str, where: str = "") -> list[str]:
    if value:
        return [f"# {key}{where}", _toml(key, value)] if where else [_toml(key, value)]
    return [
        f"# TODO (required before training): {hint}.",
        f"# It could not be derived from Profile.csv: remove the '# ' below and fill in the {key}.",
        f'# {key} = ""',
    ]


def city_from_location(location: str) -> str:
    """The city in a LinkedIn location: its first part, unless that part is the country."""
    parts = [p.strip() for p in location.split(",") if p.strip()]
    if not parts or (len(parts) == 1 and to_iso2(parts[0])):
        return ""
    metro = _METRO.match(parts[0])
    return metro.group(1) if metro else parts[0]


def derive_policy(
    profile: pd.DataFrame | None,
    positions: pd.DataFrame | None,
    education: pd.DataFrame | None,
    connections: int | None,
) -> PolicyDraft:
    """`[me]` from Profile.csv, Positions.csv, Education.csv (compacted cells) and a count."""
    draft = PolicyDraft(connections=connections)
    if profile is not None and len(profile):
        me = profile.iloc[0]
        draft.name = " ".join(f"{me.get('firstname', '')} {me.get('lastname', '')}".split())
        draft.industry = me.get("industry") or None
        draft.location = me.get("geolocation", "") or ""
        draft.country = to_iso2(me.get("country", "") or "") or (
            country_from_location(draft.location) if draft.location else None
        )
        draft.city = city_from_location(draft.location)
    if positions is not None:
        draft.companies = _unique(positions["companyname"])
    if education is not None:
        draft.schools = _unique(education["schoolname"])
    return draft


def _unique(values: pd.Series) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# -- the whole import ----------------------------------------------------------------------------
@dataclass
class ImportSummary:
    """What an import read, derived and wrote; `.lines()` for the terminal."""

    export: Path
    out_file: Path
    export_date: date
    export_date_source: str
    grace_days: int
    incoming: int = 0
    outgoing: int = 0
    other_direction: int = 0
    written: int = 0
    rejected: int = 0
    repeated: int = 0
    accepted_by_url: int = 0
    accepted_by_name: int = 0
    ignored: int = 0
    pending: int = 0
    connections: int = 0
    without_url: int = 0
    with_prior_messages: int | None = None
    enrich_file: Path | None = None
    enriched: int = 0
    enrich_rows: int = 0
    enrich_unmatched: int = 0
    enrich_rejected: int = 0
    rejects_file: Path | None = None
    policy_file: Path | None = None
    policy_todo: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.accepted_by_url + self.accepted_by_name

    def lines(self) -> list[str]:
        """Plain sentences for the terminal (rich markup in paths escaped)."""
        from rich.markup import escape

        other = f", {self.other_direction} with another Direction" if self.other_direction else ""
        lines = [
            f"read {escape(str(self.export))}: exported {self.export_date.isoformat()} "
            f"(from {escape(self.export_date_source)})",
            f"invitations: {self.incoming} INCOMING, {self.outgoing} OUTGOING{other} "
            "(only INCOMING are requests to you; the rest skipped)",
            f"accept: {self.accepted} (in Connections.csv: {self.accepted_by_url} by profile URL, "
            f"{self.accepted_by_name} by name)",
            f"ignore: {self.ignored} (inferred: not connected more than {self.grace_days} days "
            "before the export; LinkedIn keeps no record of ignoring, see --grace-days)",
            f"pending: {self.pending} (newer, not connected: candidates for predict)",
        ]
        if self.rejected or self.repeated:
            lines.append(
                f"{self.incoming} INCOMING = {self.written} written + {self.rejected} rejected "
                f"(see {escape(str(self.rejects_file))}) + {self.repeated} repeated invitations "
                "from the same person (the newest kept)"
            )
        if self.with_prior_messages is not None:
            lines.append(
                f"prior_messages: {self.with_prior_messages} requesters messaged with you before"
            )
        if self.enrich_file is not None:
            lines.append(self._enrichment_line(escape(str(self.enrich_file))))
        lines.append(f"wrote {escape(str(self.out_file))} ({self.written} requests)")
        if self.policy_file is not None:
            todo = ", ".join(self.policy_todo)
            needs = f"required: {todo}, not found in Profile.csv" if todo else "[interests]"
            lines.append(
                f"wrote {escape(str(self.policy_file))}; fill its TODO values before training "
                f"({escape(needs)})"
            )
        lines.extend(escape(n) for n in self.notices)
        return lines

    def _enrichment_line(self, path: str) -> str:
        rejected = (
            f", {self.enrich_rejected} rejected for bad values" if self.enrich_rejected else ""
        )
        return (
            f"enrichment {path}: {self.enriched} of {self.written} requests matched, "
            f"{self.written - self.enriched} without enrichment ({self.without_url} have no "
            f"profile URL); {self.enrich_unmatched} of {self.enrich_rows} enrichment rows matched "
            f"no request{rejected}"
        )


def import_export(
    export: Path,
    out_file: Path,
    enrich: Path | None = None,
    grace_days: int = 21,
    policy_out: Path | None = None,
) -> ImportSummary:
    """Turn LinkedIn's data export into a requests table (and optionally a policy.toml).

    Everything is read and checked before anything is written; outputs are atomic.
    """
    export, out_file = Path(export), Path(out_file)
    if grace_days < 0:
        raise TriageError(f"--grace-days must be 0 or more (got {grace_days})")
    writer = TableWriter(out_file, neutralise=TEXT_COLUMNS)  # checks the extension up front
    if policy_out is not None and Path(policy_out).exists():
        raise TriageError(
            f"{policy_out}: already exists; move it away or choose another --policy-out"
        )
    found = discover_files(export)
    notices = list(found.notices)
    for key in ("invitations", "connections"):
        if key not in found.files:
            raise TriageError(
                f"{export}: no {key.capitalize()}.csv found; expected LinkedIn's data export "
                "(Settings > Data privacy > Get a copy of your data) holding Invitations.csv "
                "and Connections.csv"
            )
    invitations, more = read_invitations(found.files["invitations"])
    connections, more2 = read_connections(found.files["connections"])
    notices += more + more2
    export_date, source = resolve_export_date(found, invitations, connections)
    requests, repeated = _newest_per_person(invitations.requests)
    if requests.empty:
        raise TriageError(
            f"{found.files['invitations'].label}: no usable INCOMING invitations "
            f"({invitations.outgoing} OUTGOING, {len(invitations.rejects)} unreadable): "
            "nothing to import"
        )
    labels = derive_labels(requests, connections, export_date, grace_days)
    summary = ImportSummary(
        export=export,
        out_file=out_file,
        export_date=export_date,
        export_date_source=source,
        grace_days=grace_days,
        incoming=len(invitations.requests) + len(invitations.rejects),
        outgoing=invitations.outgoing,
        other_direction=invitations.other_direction,
        rejected=len(invitations.rejects),
        repeated=repeated,
        accepted_by_url=int((labels["matched_by"] == "url").sum()),
        accepted_by_name=int((labels["matched_by"] == "name").sum()),
        ignored=int((labels["decision"] == "ignore").sum()),
        pending=int(labels["decision"].isna().sum()),
        connections=len(connections),
        without_url=int(requests["profile_url"].isna().sum()),
        notices=notices,
    )
    table = _requests_table(requests, labels)
    if "messages" in found.files:
        messages, more = read_messages(found.files["messages"])
        notices += more
        if messages is not None:
            table["prior_messages"] = count_prior_messages(requests, messages).astype(str)
            summary.with_prior_messages = int((table["prior_messages"] != "0").sum())
    if enrich is not None:
        table = _enrich(table, Path(enrich), summary)
    draft = None
    if policy_out is not None:
        draft = derive_policy(*_owner_files(found, notices), connections=len(connections))
    _write_outputs(writer, table, invitations.rejects, summary)
    if policy_out is not None and draft is not None:
        with atomic_path(Path(policy_out)) as temporary:
            temporary.write_text(draft.to_toml(export.resolve().name), encoding="utf-8")
        summary.policy_file, summary.policy_todo = Path(policy_out), draft.missing
    return summary


def resolve_export_date(
    found: ExportFiles, invitations: Invitations, connections: pd.DataFrame
) -> tuple[date, str]:
    """The export date from the archive or folder name, else the newest date in the files."""
    folders = found.files["invitations"].folders
    for name in [*reversed(folders), found.export.name]:
        when = export_date_from_name(name)
        if when:
            return when, f"the name {name!r}"
    candidates = (invitations.newest, connections["connected_on"].max())
    newest = [pd.Timestamp(d) for d in candidates if d is not None and not pd.isna(d)]
    if not newest:
        raise TriageError(
            f"{found.export}: cannot tell the export date (no date in its name or files)"
        )
    return max(newest).date(), "the newest date in the files (no MM-DD-YYYY in the export's name)"


def _newest_per_person(requests: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """One request per requester (by URL, else name + time): the newest invitation wins."""
    identity = [
        profile_url_key(u) if isinstance(u, str) else f"{name_key(n)}\x1f{t.isoformat()}"
        for u, n, t in requests[["profile_url", "name", "received_at"]].itertuples(index=False)
    ]
    order = requests.assign(_identity=identity).sort_values(
        "received_at", ascending=False, kind="stable"
    )
    kept = order[~order["_identity"].duplicated(keep="first")].sort_index()
    return kept.drop(columns="_identity"), len(requests) - len(kept)


def _requests_table(requests: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    received = requests["received_at"].map(lambda t: pd.Timestamp(t).isoformat())
    ids = [
        url if isinstance(url, str) else parsing.stable_request_id(name, when)
        for url, name, when in zip(requests["profile_url"], requests["name"], received, strict=True)
    ]
    return pd.DataFrame(
        {
            "request_id": ids,
            "name": requests["name"],
            "received_at": received,
            "message": requests["message"].mask(requests["message"] == ""),
            "profile_url": requests["profile_url"],
            "decision": labels["decision"],
            "decided_at": labels["decided_at"].map(lambda t: None if pd.isna(t) else t.isoformat()),
        },
        index=requests.index,
    ).astype(object)


def _enrich(table: pd.DataFrame, path: Path, summary: ImportSummary) -> pd.DataFrame:
    enrichment = read_enrichment(path)
    merged, matched, unmatched = merge_enrichment(table, enrichment)
    summary.enrich_file, summary.enriched = path, matched
    summary.enrich_rows, summary.enrich_rejected = enrichment.rows, enrichment.rejected_rows
    summary.enrich_unmatched = unmatched + enrichment.without_url + enrichment.repeated
    summary.notices += enrichment.notices
    if enrichment.repeated:
        summary.notices.append(
            f"{path}: {enrichment.repeated} rows repeat a profile URL (first kept)"
        )
    ordered = [c for c in contract.BY_NAME if c in merged.columns]
    return merged[ordered + [c for c in merged.columns if c not in ordered]]


def _owner_files(
    found: ExportFiles, notices: list[str]
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None]:
    """Profile, Positions and Education cells; a missing or odd file is a notice, not an error."""
    frames: list[pd.DataFrame | None] = []
    for key in ("profile", "positions", "education"):
        file = found.files.get(key)
        if file is None:
            notices.append(f"policy: no {key.capitalize()}.csv in the export")
            frames.append(None)
            continue
        try:
            frame, more = read_export_csv(file, REQUIRED_HEADERS[key])
        except TriageError as error:
            notices.append(f"policy: {error}")
            frames.append(None)
            continue
        notices += more
        frames.append(frame)
    return frames[0], frames[1], frames[2]


def _write_outputs(
    writer: TableWriter, table: pd.DataFrame, rejects: list[Reject], summary: ImportSummary
) -> None:
    with writer:
        writer.write(table.reset_index(drop=True))
    summary.written = writer.rows
    summary.rejects_file = write_rejects(writer.path, rejects)
