"""Which known request a sighting is: invitation id, else profile link, else name and time.

The order is the contract's (ledger-and-sources.md, section 1). Times decide between a
repeated invitation and a new one: a person who invites again after being ignored sends a new
request, months later, so a match also needs the two received times within three days, widened
by how approximate each is (a page's "2 weeks ago").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from linkedin_triage.sources.sightings import Sighting

SAME_REQUEST_WITHIN = timedelta(days=3)


@dataclass
class KnownRequest:
    """What matching needs to know of a request already in the ledger (or added this run)."""

    request_id: str
    name_key: str
    profile_key: str | None
    invitation_id: str | None
    user_id: str | None
    received_at: datetime
    received_within: timedelta
    first_seen: datetime  # the earliest any source showed it: it arrived no later than that


class RequestIndex:
    """Every known request, looked up by invitation id, user id, profile key and folded name."""

    def __init__(self, known: list[KnownRequest]):
        self.by_id: dict[str, KnownRequest] = {}
        self._by_invitation: dict[str, KnownRequest] = {}
        self._by_user_id: dict[str, KnownRequest] = {}
        self._by_profile: dict[str, list[KnownRequest]] = {}
        self._by_name: dict[str, list[KnownRequest]] = {}
        for request in known:
            self.add(request)

    def add(self, request: KnownRequest) -> None:
        self.by_id[request.request_id] = request
        if request.invitation_id:
            self._by_invitation[request.invitation_id] = request
        if request.user_id:
            self._by_user_id[request.user_id] = request
        if request.profile_key:
            self._by_profile.setdefault(request.profile_key, []).append(request)
        self._by_name.setdefault(request.name_key, []).append(request)

    def learn(self, request: KnownRequest, sighting: Sighting, key: str | None) -> None:
        """What a matched sighting adds to a known request's identity (a link, an id)."""
        if sighting.invitation_id and not request.invitation_id:
            request.invitation_id = sighting.invitation_id
            self._by_invitation[sighting.invitation_id] = request
        if sighting.user_id and not request.user_id:
            request.user_id = sighting.user_id
            self._by_user_id[sighting.user_id] = request
        if key and not request.profile_key:
            request.profile_key = key
            self._by_profile.setdefault(key, []).append(request)
        exact = sighting.received_within == request.received_within == timedelta(0)
        if exact and sighting.received_at < request.received_at:
            request.received_at = sighting.received_at  # two timestamps: the earliest
        elif sighting.received_within < request.received_within:
            # A more precise time (an export's Sent At after a page's "2 weeks ago") wins.
            request.received_at = sighting.received_at
            request.received_within = sighting.received_within
        request.first_seen = min(request.first_seen, sighting.observed_at)
        # An approximate time never puts the arrival after a source had already shown it
        # (a page's "1 week ago" read after a digest email that listed the invitation).
        request.received_at = min(request.received_at, request.first_seen)

    def match(self, sighting: Sighting, key: str | None, name_key: str) -> KnownRequest | None:
        """The known request this sighting shows again, or None for a new request.

        `key` and `name_key` are the sighting's profile key and folded name (computed by
        the caller for a whole batch at once).
        """
        if sighting.invitation_id and sighting.invitation_id in self._by_invitation:
            return self._by_invitation[sighting.invitation_id]
        if sighting.user_id and sighting.user_id in self._by_user_id:
            return self._by_user_id[sighting.user_id]
        by_link = self._by_profile.get(key, []) if key else []
        candidates = [r for r in by_link if self._compatible(r, sighting)]
        if not candidates:
            # By name: never across two different profile links (two people, one name).
            candidates = [
                r
                for r in self._by_name.get(name_key, [])
                if not (key and r.profile_key and r.profile_key != key)
                and self._compatible(r, sighting)
            ]
        if not candidates:
            return None
        return min(candidates, key=lambda r: abs(r.received_at - sighting.received_at))

    @staticmethod
    def _compatible(request: KnownRequest, sighting: Sighting) -> bool:
        """Two sightings of one invitation: ids agree where both have one, times are close."""
        if sighting.invitation_id and request.invitation_id:
            return sighting.invitation_id == request.invitation_id
        if sighting.user_id and request.user_id and sighting.user_id != request.user_id:
            return False
        slack = SAME_REQUEST_WITHIN + request.received_within + sighting.received_within
        return abs(request.received_at - sighting.received_at) <= slack
