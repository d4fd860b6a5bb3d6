"""The `policy.toml` model: who the user is and what they care about."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, ValidationError

from linkedin_triage.console import visible
from linkedin_triage.countries import to_iso2
from linkedin_triage.errors import TriageError


def _iso_country(value: str) -> str:
    code = to_iso2(value)
    if code is None:
        raise ValueError(f"unknown country {value!r}: use an ISO code like 'IT' or a name")
    return code


def _clean_list(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


Country = Annotated[str, AfterValidator(_iso_country)]
CleanList = Annotated[list[str], AfterValidator(_clean_list)]
NonBlank = Annotated[str, AfterValidator(_not_blank)]
# TOML has typed numbers: `connections = true` or `= "240"` is a mistake, not a 1 or a 240.
Int = Annotated[int, Strict()]
Float = Annotated[float, Strict()]  # strict floats still take TOML integers (`= 1`)


class _Strict(BaseModel):
    # Unknown keys are typos more often than not: refuse them, naming the key.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Me(_Strict):
    """The user: their industry, place, employers and schools."""

    name: str = ""
    industry: NonBlank
    country: Country
    city: str = ""
    companies: CleanList = Field(default_factory=list)
    schools: CleanList = Field(default_factory=list)
    connections: Int | None = Field(default=None, ge=0)


class Interests(_Strict):
    """Who could matter to the user's work."""

    industries: CleanList = Field(default_factory=list)
    titles: CleanList = Field(default_factory=list)
    markets: list[Country] = Field(default_factory=list)
    competitors: CleanList = Field(default_factory=list)


class Rules(_Strict):
    """Knobs of the hand-written baseline (see rules.py for how each is used)."""

    many_mutuals: Int = Field(
        default=15, ge=1, description="mutual connections that mean 'we share a network'"
    )
    some_mutuals: Int = Field(
        default=3, ge=1, description="mutual connections that count as some shared context"
    )
    fake_score_ignore: Float = Field(
        default=0.55, gt=0, le=1, description="fake_score at or above which to ignore"
    )
    critical_mass: Int = Field(
        default=300, ge=0, description="below this many connections, accepting more helps"
    )
    bridge_reach: Int = Field(
        default=400, ge=0, description="new 2nd-degree reach that makes a relevant person a bridge"
    )
    competitor_needs_mutuals: Int = Field(
        default=15, ge=0, description="a competitor is accepted only with this many mutuals"
    )


class Decisions(_Strict):
    """How sure the model must be before it acts without asking."""

    target_precision: Float = Field(default=0.95, gt=0.5, lt=1.0)
    min_labels_per_class: Int = Field(default=15, ge=2, description="below this the rules decide")


class Policy(_Strict):
    """The whole policy file."""

    me: Me
    interests: Interests = Field(default_factory=Interests)
    rules: Rules = Field(default_factory=Rules)
    decisions: Decisions = Field(default_factory=Decisions)

    def fingerprint(self) -> str:
        """A short stable hash of the policy, for runs and model manifests."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _describe(error: ValidationError) -> str:
    """One line per problem, each naming its key.

    A key comes from the user's file (a quoted TOML key may hold any text, line breaks and
    escapes included), so it is made `visible` here: the line breaks left are ours alone,
    and the CLI prints them as lines.
    """
    lines = []
    for item in error.errors():
        key = visible(".".join(str(p) for p in item["loc"]))
        kind = item["type"]
        if kind == "extra_forbidden":
            lines.append(f"  {key}: unknown key")
        elif kind == "missing":
            lines.append(f"  {key}: required key is missing")
        else:
            lines.append(f"  {key}: {visible(item['msg'])} (got {item.get('input')!r})")
    return "\n".join(lines)


def policy_from_dict(data: dict[str, object], source: str = "policy") -> Policy:
    """Validate a parsed policy; errors name each bad key."""
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        raise TriageError(f"{source}: invalid policy\n{_describe(error)}") from None


def load_policy(path: Path) -> Policy:
    """Read and validate `policy.toml`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TriageError(f"{path}: policy file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise TriageError(f"{path}: cannot read policy file ({error})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TriageError(f"{path}: not valid TOML ({error})") from None
    return policy_from_dict(data, source=str(path))


def policy_to_toml(policy: Policy) -> str:
    """The policy as TOML text (None values left out, since TOML has no null)."""
    import tomli_w

    data = policy.model_dump(mode="json", exclude_none=True)
    return tomli_w.dumps(data)
