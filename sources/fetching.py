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


# --- Conditional GET (feeds) and POST (webhooks) ----------------------------------------------------
# Same address refusal and per-hop check as fetch_url; these callers need the status, the response
# headers and whether a redirect was permanent, which fetch_url hides.

USER_AGENT = "Claimdesk/1.0 (+newsroom ingestion)"
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    url: str
    body: bytes
    headers: dict[str, str]
    moved_permanently_to: str = ""  # set when every redirect hop was 301/308


def http_request(
    method: str,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    follow_redirects: bool = True,
    allow_private: bool = False,
) -> HttpAnswer:
    """One HTTP exchange; any status is returned (304, 4xx, 5xx) except a body over `max_bytes`.

    Raises FetchError for refused addresses, network errors, timeouts and oversized bodies.
    Lower-cased response header names. Redirects are followed only for GET.
    """
    http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(total=timeout))
    permanent = True
    original = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("Only http and https URLs can be fetched.")
        _check_address(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), allow_private=allow_private
        )
        try:
            response = http.request(
                method,
                url,
                body=body,
                redirect=False,
                preload_content=False,
                headers={"User-Agent": USER_AGENT, **(headers or {})},
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"Could not fetch {url}: {exc.__class__.__name__}.") from exc
        try:
            location = response.headers.get("Location")
            if follow_redirects and method == "GET" and response.status in REDIRECTS and location:
                permanent = permanent and response.status in (301, 308)
                url = urljoin(url, location)
                continue
            data = response.read(max_bytes + 1, decode_content=True)
            if len(data) > max_bytes:
                raise FetchError(f"The answer is larger than the {max_bytes // 1024} KB limit.")
            moved = url if permanent and url != original else ""
            answer_headers = {name.lower(): value for name, value in response.headers.items()}
            return HttpAnswer(response.status, url, data, answer_headers, moved)
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"Could not read {url}: {exc.__class__.__name__}.") from exc
        finally:
            response.release_conn()
    raise FetchError("Too many redirects.")
