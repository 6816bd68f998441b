"""Who is asking: the client's address, believed from trusted proxies only.

Anyone can send `X-Forwarded-For` or `X-Forwarded-Proto`. Believed from anyone, the
first would let a caller write any address they like into the audit log (and the
access tab) and dodge per-address lockouts and rate limits; the second would let a
plain-http request pass as https and skip the HTTPS redirect. So
`TrustedProxyMiddleware`, first in the middleware list, reads them only when the
request comes straight from an address in `TRUSTED_PROXIES` (none by default: the app
is then its own edge), and deletes them otherwise, before Django's security middleware,
DRF's throttles or django-axes look at them.

Behind trusted proxies the client is found by reading `X-Forwarded-For` from the
right: each proxy appends the address it was called from, so the rightmost entries
are the proxies' own and the first address that is not a trusted proxy is the client.
Whatever lies to its left was written by the client and is never read. A malformed
entry (`nope`, an address with a port, an empty item) stops the walk: the last hop
that could be read is used instead. A bad header never causes an error.

The address found replaces `REMOTE_ADDR`, so everything downstream (the audit log,
DRF's throttles, django-axes through `AXES_CLIENT_IP_CALLABLE`) sees the same one;
the proxy's own address is kept in `PROXY_REMOTE_ADDR`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Headers only a trusted proxy may set; from anyone else they are removed.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


def parse_address(text: str | None) -> IPAddress | None:
    """An IP address, or None for anything else (never an error)."""
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    networks: list[Network] = []
    for item in configured:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {item!r} is not an IP address or network"
            ) from exc
    return tuple(networks)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def is_trusted_proxy(address: IPAddress | None, networks: Iterable[Network]) -> bool:
    return address is not None and any(address in network for network in networks)


def resolve_client(remote_addr: str | None, forwarded_for: str | None) -> IPAddress | None:
    """The client's address, from the direct peer and a forwarded-for header it sent."""
    peer = parse_address(remote_addr)
    networks = trusted_networks()
    if not forwarded_for or not is_trusted_proxy(peer, networks):
        return peer
    client = peer
    for item in reversed(forwarded_for.split(",")):
        hop = parse_address(item)
        if hop is None:
            break  # unreadable: nothing to its left can be believed either
        client = hop
        if not is_trusted_proxy(hop, networks):
            break
    return client


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the middleware resolved it (for axes and the audit log)."""
    address = parse_address(request.META.get("REMOTE_ADDR"))
    return str(address) if address is not None else None


class TrustedProxyMiddleware:
    """Resolve the client's address and drop proxy headers nobody trusted sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        if is_trusted_proxy(parse_address(peer), trusted_networks()):
            client = resolve_client(peer, meta.get("HTTP_X_FORWARDED_FOR"))
            proto = meta.get("HTTP_X_FORWARDED_PROTO", "")
            if proto:  # the nearest proxy's own word: the last of a list
                meta["HTTP_X_FORWARDED_PROTO"] = proto.split(",")[-1].strip().lower()
        else:
            client = parse_address(peer)
            for header in PROXY_HEADERS:
                meta.pop(header, None)
        meta.pop("HTTP_X_FORWARDED_FOR", None)  # resolved once, here; nobody re-reads it
        meta["PROXY_REMOTE_ADDR"] = peer
        meta["REMOTE_ADDR"] = str(client) if client is not None else ""
        return self.get_response(request)
