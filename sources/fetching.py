"""Fetch a web page for ingestion: timeout, size cap, no private addresses, redirects re-checked."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

MAX_REDIRECTS = 5


class FetchError(ValueError):
    pass


@dataclass(frozen=True)
class FetchedPage:
    url: str
    body: bytes
    content_type: str


def _check_address(host: str, port: int, *, allow_private: bool) -> None:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"Could not resolve {host}.") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not allow_private and not address.is_global:
            raise FetchError(f"{host} resolves to a private or local address; refusing to fetch it.")


def fetch_url(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False) -> FetchedPage:
    """GET a page, following up to five redirects, each target checked before it is contacted."""
    http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(total=timeout))
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("Only http and https URLs can be fetched.")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        # A DNS answer can change between this check and the connection (rebinding); the window is
        # small and accepted here, with the check repeated on every redirect hop.
        _check_address(parts.hostname, port, allow_private=allow_private)
        try:
            response = http.request(
                "GET",
                url,
                redirect=False,
                preload_content=False,
                headers={"User-Agent": "Claimdesk/1.0 (+newsroom ingestion)"},
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"Could not fetch {url}: {exc.__class__.__name__}.") from exc
        try:
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status != 200:
                raise FetchError(f"The page answered HTTP {response.status}.")
            body = response.read(max_bytes + 1, decode_content=True)
            if len(body) > max_bytes:
                raise FetchError(f"The page is larger than the {max_bytes // 1024} KB limit.")
            return FetchedPage(url=url, body=body, content_type=response.headers.get("Content-Type", ""))
        finally:
            response.release_conn()
    raise FetchError("Too many redirects.")
