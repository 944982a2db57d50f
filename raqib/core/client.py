"""Who is on the other end of a request: the one answer every per-client limit uses.

Sign-in throttling (allauth, through ``raqib.accounts.adapter``) and the survey page's
network quarantine both count per client address. Behind nginx ``REMOTE_ADDR`` is the proxy's
own address, so the real one must come from a header — but only a header *our* proxy sets:
a client can write any ``X-Forwarded-For`` it likes. The deployment says which to believe with
allauth's own settings (``ALLAUTH_TRUSTED_PROXY_COUNT`` / ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``,
from the environment in production); by default no header is believed.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from raqib.core import conf


def _clean(value: str) -> str:
    """A canonical IP address, or "" (ports and IPv6 brackets removed)."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has several colons
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def _forwarded_hop(request: Any, count: int) -> str:
    """The address the outermost of our `count` proxies saw, from X-Forwarded-For.

    Each proxy appends the address it received the request from, so the last `count` entries
    are ours and anything to their left was written by the client (never believed). Fewer
    entries than proxies means the request skipped some of them: the first entry was still
    written by one of ours.
    """
    hops = [h for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    if not hops:
        return ""
    return hops[-count] if len(hops) >= count else hops[0]


def client_ip(request: Any) -> str:
    """The client's address as our own proxy saw it ("" when nothing usable is known)."""
    header = conf.trusted_client_ip_header()
    count = conf.trusted_proxy_count()
    found = ""
    if header:
        found = _clean(request.headers.get(header, "").split(",")[0])
    elif count > 0:
        found = _clean(_forwarded_hop(request, count))
    # A trusted header missing (a request that did not come through the proxy) falls back to
    # the peer address, which nobody can forge.
    return found or _clean(str(request.META.get("REMOTE_ADDR", "")))
