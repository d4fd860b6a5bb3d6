"""Day before month, or month before day: one convention per date column, never a guess.

`04/12/2026` is 4 December in most of the world and April 12 in the United States: one
cell cannot say which. A column can:

- a value readable one way only is evidence: `27/06/2026` (27 is no month) is day-first,
  `06/27/2026` month-first;
- LinkedIn's own `M/D/YY, h:mm AM` (a comma, a two-digit year, a capital AM or PM) is
  month-first by definition (data-contract.md, linkedin-export.md), so it is evidence on
  its own even when both numbers are 12 or less. English locales that write the day first
  print the same shape with a small `am` (en-AU, en-IN), which is why the capitals matter;
- ISO 8601 (`2026-06-27`), month names (`27 Jun 2026`) and values such as `9/9/2022`, read
  the same either way, need no convention at all.

The rule for one column (`DateOrder.DETECT`, the default):

- evidence of one convention only: every value of the column is read that way;
- evidence of both: an error naming rows of each (exit 2, nothing written);
- two-way values and no evidence: the convention of the file's other date columns when
  they have one and agree (one spreadsheet wrote the whole file), else an error that says
  how to choose (`--dayfirst` / `--monthfirst`, or ISO 8601).

With `--dayfirst` or `--monthfirst` (`DateOrder.DAY_FIRST` / `MONTH_FIRST`) every value is
read that way, and one that cannot be is a bad cell like any unreadable date.

Chunked readers (sources.requests_reader) call `DateOrders.order_for` once per chunk and
column. A column is decided on the first chunk that holds evidence; a chunk holding only
two-way values first looks through the whole file (`scan`), so the decision is the whole
column's. A later chunk that contradicts the decision fails the run with both rows named:
outputs are written atomically, so a run that fails leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import pandas as pd

from linkedin_triage.errors import TriageError
from linkedin_triage.sources.rejects import shorten

# Witnesses kept per convention: enough to name a few rows in a message, never a whole column.
KEPT_WITNESSES = 3
LINKEDIN_FORM = "M/D/YY, h:mm AM"
_HOW_TO_CHOOSE = (
    "say how the dates are written with --dayfirst (27/06/2026 is 27 June) or --monthfirst "
    "(06/27/2026 is June 27), or write them as ISO 8601 (2026-06-27)"
)


class DateOrder(Enum):
    """How numeric dates such as `04/12/2026` are read."""

    DETECT = "detect"  # from the column's own values (module docstring)
    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"

    @classmethod
    def from_flags(cls, dayfirst: bool, monthfirst: bool) -> DateOrder:
        """The order the command-line flags ask for; both at once is a usage error."""
        if dayfirst and monthfirst:
            raise TriageError("--dayfirst and --monthfirst exclude each other: give one of them")
        if dayfirst:
            return cls.DAY_FIRST
        return cls.MONTH_FIRST if monthfirst else cls.DETECT

    @property
    def other(self) -> DateOrder:
        """The opposite convention (DETECT has none)."""
        if self is DateOrder.DAY_FIRST:
            return DateOrder.MONTH_FIRST
        if self is DateOrder.MONTH_FIRST:
            return DateOrder.DAY_FIRST
        raise ValueError("DETECT has no opposite")

    @property
    def flag(self) -> str:
        return {DateOrder.DAY_FIRST: "--dayfirst", DateOrder.MONTH_FIRST: "--monthfirst"}.get(
            self, ""
        )

    @property
    def shape(self) -> str:
        return {DateOrder.DAY_FIRST: "D/M/Y", DateOrder.MONTH_FIRST: "M/D/Y"}.get(self, "")


_BOTH = (DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST)


def spoken(moment: pd.Timestamp) -> str:
    """`4 December 2026`: a reading nobody can misread in turn."""
    return f"{moment.day} {moment:%B %Y}"


@dataclass(frozen=True)
class Witness:
    """One cell that tells (or fails to tell) the column's convention, with its readings."""

    row: int
    value: str
    day_first: pd.Timestamp | None = None  # the value read day-first, None if it cannot be
    month_first: pd.Timestamp | None = None
    linkedin_form: bool = False

    def shown(self) -> str:
        form = f", LinkedIn's {LINKEDIN_FORM} form" if self.linkedin_form else ""
        return f"row {self.row}: {shorten(self.value, 40)}{form}"


@dataclass
class DateEvidence:
    """What a column, or a chunk of it, says about its convention."""

    day_first: list[Witness] = field(default_factory=list)  # readable day-first only
    month_first: list[Witness] = field(default_factory=list)  # month-first only, or LinkedIn's form
    two_way: list[Witness] = field(default_factory=list)  # readable both ways, differently
    n_day_first: int = 0
    n_month_first: int = 0
    n_two_way: int = 0

    def witnesses(self, order: DateOrder) -> list[Witness]:
        return self.day_first if order is DateOrder.DAY_FIRST else self.month_first

    def count(self, order: DateOrder) -> int:
        return self.n_day_first if order is DateOrder.DAY_FIRST else self.n_month_first

    @property
    def settled(self) -> bool:
        """Whether any value tells the convention."""
        return bool(self.n_day_first or self.n_month_first)

    def add(self, other: DateEvidence) -> None:
        """Take in the evidence of a later chunk of the same column."""
        for mine, theirs in (
            (self.day_first, other.day_first),
            (self.month_first, other.month_first),
            (self.two_way, other.two_way),
        ):
            mine.extend(theirs[: KEPT_WITNESSES - len(mine)])
        self.n_day_first += other.n_day_first
        self.n_month_first += other.n_month_first
        self.n_two_way += other.n_two_way


@dataclass(frozen=True)
class DateDecision:
    """How one date column is read, and why: for `validate` and the run's notes."""

    column: str  # as the file names it
    order: DateOrder  # DAY_FIRST or MONTH_FIRST
    because: str  # "row 4: 27/06/2026", "--dayfirst", "as received_at, row 4: ..."
    how: str  # "flag", "values", "linkedin form" or "other column"
    witness: Witness | None = None  # the deciding cell, when a cell of this column decided

    def describe(self) -> str:
        return f"{self.column}: {self.order.value}, {self.order.shape} ({self.because})"

    @property
    def worth_a_note(self) -> bool:
        """Decided by the data, not by the user's flag or LinkedIn's documented form."""
        return self.how in {"values", "other column"}


class DateOrders:
    """The convention of every date column of one file, decided as its chunks are read.

    Args:
        source: the file, as messages name it.
        order: DETECT, or the convention the user chose (`--dayfirst` / `--monthfirst`).
        scan: evidence per column over the whole file, for a chunk with two-way values only
            (called at most once; None when every chunk is the whole column).
    """

    def __init__(
        self,
        source: str,
        order: DateOrder = DateOrder.DETECT,
        scan: Callable[[], dict[str, DateEvidence]] | None = None,
    ):
        self.source = source
        self.chosen = order
        self._scan = scan
        self._whole_file: dict[str, DateEvidence] | None = None
        self.decisions: dict[str, DateDecision] = {}

    def order_for(self, column: str, evidence: DateEvidence) -> DateOrder | None:
        """The order to read this chunk of `column` with; None when nothing in it needs one.

        Raises TriageError when the column mixes both conventions or cannot be decided.
        """
        if self.chosen is not DateOrder.DETECT:
            # Said only of columns that hold day/month dates: an ISO 8601 column was not
            # "read day-first".
            needs = evidence.settled or evidence.n_two_way
            if needs and column not in self.decisions:
                self.decisions[column] = DateDecision(
                    column, self.chosen, self.chosen.flag, how="flag"
                )
            return self.chosen
        decided = self.decisions.get(column)
        if decided is not None:
            against = evidence.witnesses(decided.order.other)
            if against:
                earlier = [decided.witness] if decided.witness else []
                raise self._mixed(column, {decided.order: earlier, decided.order.other: against})
            return decided.order
        if evidence.n_day_first and evidence.n_month_first:
            raise self._mixed(column, self._split(evidence))
        for order in _BOTH:
            if evidence.count(order):
                return self._decide_by(column, order, evidence.witnesses(order)[0])
        if not evidence.n_two_way:
            return None
        return self._decide_from_the_whole_file(column, evidence.two_way[0])

    def notes(self) -> list[str]:
        """One line per column decided by the data (the user's flag and LinkedIn's form need none)."""
        return [
            f"{self.source}: dates read {d.describe()}"
            for d in self.decisions.values()
            if d.worth_a_note
        ]

    def _decide_by(self, column: str, order: DateOrder, witness: Witness) -> DateOrder:
        how = "linkedin form" if witness.linkedin_form else "values"
        self.decisions[column] = DateDecision(column, order, witness.shown(), how, witness)
        return order

    def _decide_from_the_whole_file(self, column: str, example: Witness) -> DateOrder:
        """A chunk with two-way values only: the rest of the column, else the other columns."""
        whole = self._evidence_of_the_whole_file()
        own = whole.get(column)
        if own is not None and own.n_day_first and own.n_month_first:
            raise self._mixed(column, self._split(own))
        if own is not None and own.settled:
            order = DateOrder.DAY_FIRST if own.n_day_first else DateOrder.MONTH_FIRST
            return self._decide_by(column, order, own.witnesses(order)[0])
        others = self._other_columns(column, whole)
        if len(others) == 1:
            ((order, (name, because)),) = others.items()
            self.decisions[column] = DateDecision(
                column, order, f"as {name}, {because}", how="other column"
            )
            return order
        raise self._ambiguous(column, example, others)

    def _evidence_of_the_whole_file(self) -> dict[str, DateEvidence]:
        if self._whole_file is None:
            self._whole_file = self._scan() if self._scan is not None else {}
        return self._whole_file

    def _other_columns(
        self, column: str, whole: dict[str, DateEvidence]
    ) -> dict[DateOrder, tuple[str, str]]:
        """The conventions the file's other date columns show: order -> (column, why)."""
        found: dict[DateOrder, tuple[str, str]] = {}
        for name, decision in self.decisions.items():
            if name != column and decision.witness is not None:
                found.setdefault(decision.order, (name, decision.because))
        for name, evidence in whole.items():
            for order in _BOTH:
                if name != column and evidence.count(order):
                    found.setdefault(order, (name, evidence.witnesses(order)[0].shown()))
        return found

    @staticmethod
    def _split(evidence: DateEvidence) -> dict[DateOrder, list[Witness]]:
        return {order: evidence.witnesses(order) for order in _BOTH}

    def _mixed(self, column: str, rows: dict[DateOrder, list[Witness]]) -> TriageError:
        parts = [
            f"{order.value} on " + "; ".join(w.shown() for w in rows[order][:KEPT_WITNESSES])
            for order in _BOTH
            if rows.get(order)
        ]
        return TriageError(
            f"{self.source}: column {column!r} mixes day-first and month-first dates ("
            + "; and ".join(parts)
            + "). Read the whole column one way with --dayfirst or --monthfirst (a value "
            "that cannot be read that way is then rejected with its row), or write the "
            "dates as ISO 8601 (2026-06-27)"
        )

    def _ambiguous(
        self, column: str, example: Witness, others: dict[DateOrder, tuple[str, str]]
    ) -> TriageError:
        readings = ""
        if example.day_first is not None and example.month_first is not None:
            readings = (
                f", {spoken(example.day_first)} read day-first or "
                f"{spoken(example.month_first)} read month-first"
            )
        disagree = ""
        if others:
            shown = "; ".join(
                f"{name} {order.value} ({why})" for order, (name, why) in others.items()
            )
            disagree = f"; the file's other date columns disagree ({shown})"
        return TriageError(
            f"{self.source}: column {column!r}: cannot tell day from month "
            f"({example.shown()}{readings}), and no value in the column settles it (a "
            f"number above 12 would){disagree}. Nothing is guessed: {_HOW_TO_CHOOSE}"
        )
