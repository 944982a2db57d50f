"""Ballot-stuffing defences for the public page, and the pseudonymous hashes they rely on.

Nothing here stores personal data: the anti-duplicate cookie is a random token that lives at
most 24 hours, and both it and the client's network prefix are only ever kept as HMACs keyed
with SECRET_KEY. The prefix (/24 in IPv4, /48 in IPv6) is coarser than an address on purpose:
it tells "same office Wi-Fi" from "another town", not who someone is.

Every setting can be overridden in the Django settings (see docs/survey-indices.md), and is
read through raqib.core.conf: RAQIB_SURVEY_MIN_SECONDS, RAQIB_SURVEY_RATE_LIMITS,
RAQIB_SURVEY_DUPLICATE_WINDOW_SECONDS, RAQIB_SURVEY_COOKIE_SECONDS,
RAQIB_SURVEY_CLIENT_IP_HEADER.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time
from typing import Any

from django.conf import settings
from django.core import signing

from raqib.core import conf
from raqib.core.client import client_ip as core_client_ip

DEVICE_COOKIE = "raqib_sv"
HONEYPOT_FIELD = "website"
STARTED_FIELD = "started"
_SIGNING_SALT = "raqib.surveys.started"


class Reason:
    """Quarantine reasons (stable codes, stored on the response)."""

    HONEYPOT = "honeypot"
    TOO_FAST = "too_fast"
    NO_TIMESTAMP = "no_timestamp"
    RATE_NETWORK = "rate_network"
    RATE_DEVICE = "rate_device"
    DUPLICATE_DEVICE = "duplicate_device"
    DUPLICATE_ANSWERS = "duplicate_answers"


def cookie_seconds() -> int:
    # Never more than a day: the cookie is an anti-duplicate token, not a tracker.
    return min(conf.survey_cookie_seconds(), 24 * 3600)


def _hmac(purpose: str, value: str) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def device_hash(token: str) -> str:
    return _hmac("survey-device", token) if token else ""


def network_prefix(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of an address; '' when unreadable."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    bits = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False))


def network_hash(ip: str) -> str:
    prefix = network_prefix(ip)
    return _hmac("survey-network", prefix) if prefix else ""


def client_ip(request: Any) -> str:
    """The client address sign-in throttling uses too (raqib.core.client, trusted proxies).

    RAQIB_SURVEY_CLIENT_IP_HEADER, the older survey-only way of naming the proxy's header,
    still wins when it is set.
    """
    header = conf.survey_client_ip_header()
    if header:
        value = request.META.get(header, "")
        if value:
            return str(value).split(",")[0].strip()
    return core_client_ip(request)


def started_sign(wave_point_id: int, now: float | None = None) -> str:
    return signing.dumps(
        {"p": wave_point_id, "t": round(now if now is not None else time.time(), 3)},
        salt=_SIGNING_SALT,
        compress=True,
    )


def started_elapsed(value: str, wave_point_id: int, now: float | None = None) -> float | None:
    """Seconds since the form was shown, or None when the stamp is missing, forged or for
    another point."""
    try:
        data = signing.loads(value or "", salt=_SIGNING_SALT, max_age=7 * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != wave_point_id:
        return None
    return (now if now is not None else time.time()) - float(data["t"])
