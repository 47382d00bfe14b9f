"""``mailto:`` links (RFC 6068) for "Open email draft": the invite as an email ready to send.

Everything outside the unreserved characters is percent-encoded as UTF-8, and line
breaks are sent as ``%0D%0A`` as RFC 6068 requires, so any mail client opens the draft
with the text exactly as written — ``&``, ``?``, ``#`` and ``%`` in it included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

# Only "@" stays as it is in an address: "+" and friends are allowed unencoded by RFC 6068,
# but some mail clients read a "+" as a space, as in web forms.
_ADDRESS_SAFE = "@"
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_CHANNEL_NAMES = {"call": "call", "video": "video call", "coffee": "coffee"}


def _header_value(text: str) -> str:
    return quote(_LINE_BREAKS.sub("\r\n", text), safe="")


def mailto_url(to: str | Sequence[str], subject: str, body: str) -> str:
    """``mailto:ana@example.com?subject=...&body=...``; ``to`` may be empty (the user picks)."""
    addresses = [to] if isinstance(to, str) else list(to)
    cleaned = [address.strip() for address in addresses if address.strip()]
    recipients = ",".join(quote(address, safe=_ADDRESS_SAFE) for address in cleaned)
    fields = []
    if subject:
        # A subject is one line: a line break would end the header in the mail client.
        fields.append("subject=" + _header_value(" ".join(subject.split())))
    if body:
        fields.append("body=" + _header_value(body))
    return f"mailto:{recipients}" + ("?" + "&".join(fields) if fields else "")


def how_to_join(channel: str, *, phone: str = "", location: str = "") -> str:
    """One line saying how the check-in happens, for the invite's "How" line."""
    if channel == "call":
        return f"A phone call: I'll call you on {phone}." if phone else "A phone call: which number is best?"
    if channel == "video":
        return "A video call: I'll send you a link (or send me yours)."
    if channel == "coffee":
        return f"Coffee at {location}." if location else "Coffee: somewhere near you?"
    return f"A {channel}."


def invite_email(
    *,
    to: str | Sequence[str],
    when: str,
    minutes: int,
    channel: str,
    invite: str,
    join: str,
    zone: str = "",
) -> str:
    """The invite as a mailto link: the proposed time in the subject, then invite, time and how to join.

    ``when`` is the local time as shown to the user ('Tuesday 1 December at 10:00'),
    ``zone`` its time zone's name, ``join`` a line from ``how_to_join``.
    """
    label = _CHANNEL_NAMES.get(channel, channel)
    in_zone = f" ({zone})" if zone else ""
    subject = f"{minutes}-minute {label}? {when}{in_zone}"
    body = "\n".join([invite.strip(), "", f"When: {when}{in_zone}, {minutes} minutes", f"How: {join}"])
    return mailto_url(to, subject, body)
