"""LinkedIn's own data export -> a requests table with derived labels (and a starting policy).

The export is a zip (or its unzipped folder) of CSVs whose names, headers, encodings and date
forms changed between 2018 and 2026. Everything here finds files by name and headers by
content, never by position.

The package: `discovery` finds the files, `reading` turns one CSV into cells and values,
`labels` derives requests and labels, `enrichment` merges profile attributes, `policy_draft`
writes a starting policy.toml; this module runs the whole import.

Leakage: Connections.csv lists accepted people only, so from it we take who and when, never
what (Company, Position): those columns are not even kept after reading.
"""

from __future__ import annotations

from linkedin_triage.sources.linkedin_export.discovery import (
    EXPORT_FILES,
    ExportFile,
    ExportFiles,
    choose_files,
    discover_files,
    export_date_from_name,
    file_key,
)
from linkedin_triage.sources.linkedin_export.enrichment import (
    PROFILE_COLUMNS,
    Enrichment,
    merge_enrichment,
    read_enrichment,
)
from linkedin_triage.sources.linkedin_export.labels import (
    Invitations,
    count_prior_messages,
    derive_labels,
    read_connections,
    read_invitations,
    read_messages,
)
from linkedin_triage.sources.linkedin_export.reading import (
    HEADER_SEARCH_ROWS,
    REQUIRED_HEADERS,
    decode_export_bytes,
    decode_profile_url,
    export_dates,
    find_header_row,
    name_key,
    parse_export_date,
    parse_export_dates,
    profile_url_key,
    read_export_csv,
)
from linkedin_triage.sources.linkedin_export.requests_table import (
    ExportImport,
    ImportSummary,
    build_import,
    resolve_export_date,
)
from linkedin_triage.sources.linkedin_export.starting_policy import (
    PolicyDraft,
    city_from_location,
    derive_policy,
)

__all__ = [
    "EXPORT_FILES",
    "HEADER_SEARCH_ROWS",
    "PROFILE_COLUMNS",
    "REQUIRED_HEADERS",
    "Enrichment",
    "ExportFile",
    "ExportFiles",
    "ExportImport",
    "ImportSummary",
    "Invitations",
    "PolicyDraft",
    "build_import",
    "choose_files",
    "city_from_location",
    "count_prior_messages",
    "decode_export_bytes",
    "decode_profile_url",
    "derive_labels",
    "derive_policy",
    "discover_files",
    "export_date_from_name",
    "export_dates",
    "file_key",
    "find_header_row",
    "merge_enrichment",
    "name_key",
    "parse_export_date",
    "parse_export_dates",
    "profile_url_key",
    "read_connections",
    "read_enrichment",
    "read_export_csv",
    "read_invitations",
    "read_messages",
    "resolve_export_date",
]
