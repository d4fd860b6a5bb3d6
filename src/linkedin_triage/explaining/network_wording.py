"""The network report in plain sentences, for the terminal and the page alike."""

from __future__ import annotations

from linkedin_triage.explaining.network_report import NetworkReport


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def critical_mass_sentence(report: NetworkReport) -> str:
    count = report.numbers.connections.value
    low, high = report.numbers.critical_mass.value
    band = f"{low}-{high}" if low != high else str(high)
    if count is None:
        return f"Critical mass ({band} connections): {report.numbers.connections.how}."
    if count < low:
        return (
            f"You have {count} connections: {low - count} short of the critical mass of "
            f"{band} the article advises. Accepting and inviting more helps."
        )
    if count < high:
        return (
            f"You have {count} connections: within the critical mass of {band}; "
            f"{high - count} more reach its top."
        )
    return f"You have {count} connections: past the critical mass of {band}."


def bridge_sentence(report: NetworkReport) -> str:
    mix = report.numbers.mix
    if mix.own_companies.value is None:
        return f"Your connections as bridges: {mix.own_companies.how}."
    titles = mix.interest_titles.value
    roles = "" if titles is None else f", {titles} in roles your policy asks for"
    return (
        f"Of your connections, {mix.own_companies.value} work at your own companies, "
        f"{mix.competitors.value} at competitors{roles}. How wide their own networks are "
        "(your second degree) the export does not show."
    )


def invitations_sentence(report: NetworkReport) -> str:
    out = report.numbers.outgoing
    if out.sent.value is None:
        return f"Invitations you sent: {out.sent.how}."
    if out.sent.value == 0:
        return "You sent no invitations in the months Invitations.csv covers."
    sentence = (
        f"You sent {out.sent.value} invitations, {out.with_note.value} with a note; "
        f"accepted {percent(out.accept_rate_with_note.value)} with a note and "
        f"{percent(out.accept_rate_without_note.value)} without. The article says: always "
        "add a short personal note."
    )
    if out.pending_older_than_grace.value:
        sentence += (
            f" {out.pending_older_than_grace.value} have waited more than "
            f"{report.grace_days} days: consider withdrawing them."
        )
    return sentence


def candidates_sentence(report: NetworkReport) -> str:
    number = report.numbers.invite_candidates
    if number.value is None:
        return f"People to invite: {number.how}."
    if number.value == 0:
        return "Everyone you exchanged messages with is connected or has an invitation waiting."
    who = "person" if number.value == 1 else "people"
    return (
        f"{number.value} {who} you exchanged messages with "
        f"{'is not a connection and has' if number.value == 1 else 'are not connections and have'}"
        " no invitation waiting: your address book, as the article calls it. Invite them, with "
        "a short note."
    )


def incoming_sentence(report: NetworkReport) -> str:
    incoming = report.numbers.incoming
    if incoming.received.value is None:
        return f"Invitations you received: {incoming.received.how}."
    if incoming.accepted.value is None:
        return f"You received {incoming.received.value} invitations; {incoming.accepted.how}."
    sentence = (
        f"You received {incoming.received.value} invitations and accepted "
        f"{incoming.accepted.value}: an accept rate of {percent(incoming.accept_rate.value)}, "
        f"leaving out the {incoming.pending.value} still pending."
    )
    if report.source_kind == "export":
        sentence += " LinkedIn drops ignored invitations from the export: the true rate is lower."
    return sentence


def advice_sentences(report: NetworkReport) -> list[str]:
    """The three pieces of advice, then the invitations received, one sentence each."""
    return [
        critical_mass_sentence(report),
        bridge_sentence(report),
        invitations_sentence(report),
        candidates_sentence(report),
        incoming_sentence(report),
    ]


def mix_counts(report: NetworkReport) -> dict[str, int]:
    """The mix plot's bars: each count the report could compute, by what it means."""
    mix = report.numbers.mix
    bars = {
        "company known": mix.connections_with_company.value,
        "at your companies": mix.own_companies.value,
        "at competitors": mix.competitors.value,
        "in roles you want": mix.interest_titles.value,
    }
    return {label: int(value) for label, value in bars.items() if value is not None}
