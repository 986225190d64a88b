"""Fetch a web page for ingestion: timeout, size cap, no private addresses, redirects re-checked.

requests-hardened resolves each host once, refuses private, link-local, multicast and other
non-public addresses, and connects to the very address it checked: a DNS answer that changes
between the check and the connection (rebinding) cannot reach an internal service. Every redirect
hop goes through the same adapter, so it is checked the same way.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress

MAX_REDIRECTS = 5
USER_AGENT = "Claimdesk/1.0 (+newsroom ingestion)"


class FetchError(ValueError):
    pass


@dataclass(frozen=True)
class FetchedPage:
    url: str
    body: bytes
    content_type: str


def _session(*, timeout: float, allow_loopback: bool) -> HTTPSession:
    session = HTTPSession(
        Config(
            ip_filter_enable=True,
            ip_filter_allow_loopback_ips=allow_loopback,
            never_redirect=False,
            default_timeout=(timeout, timeout),  # seconds to connect, seconds between bytes
            user_agent_override=USER_AGENT,
        )
    )
    session.max_redirects = MAX_REDIRECTS
    session.trust_env = False  # an environment proxy would connect on our behalf, unchecked
    return session


def fetch_url(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False) -> FetchedPage:
    """GET a page, following up to five redirects, each target checked before it is contacted.

    `allow_private` admits loopback addresses only (tests serve pages from 127.0.0.1); other
    private ranges stay refused. Raises FetchError with a message fit for the user.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Only http and https URLs can be fetched.")
    try:
        with (
            _session(timeout=timeout, allow_loopback=allow_private) as session,
            session.get(url, stream=True) as response,
        ):
            if response.status_code != 200:
                raise FetchError(f"The page answered HTTP {response.status_code}.")
            body = response.raw.read(max_bytes + 1, decode_content=True)
            final_url, content_type = response.url, response.headers.get("Content-Type", "")
    except InvalidIPAddress as exc:
        raise FetchError("The address (or one it redirects to) is private or local; refusing to fetch it.") from exc
    except requests.TooManyRedirects as exc:
        raise FetchError("Too many redirects.") from exc
    except requests.exceptions.InvalidSchema as exc:
        raise FetchError("The page redirects to an address that is not http or https.") from exc
    except requests.RequestException as exc:
        raise FetchError(f"Could not fetch {url}: {exc.__class__.__name__}.") from exc
    if len(body) > max_bytes:
        raise FetchError(f"The page is larger than the {max_bytes // 1024} KB limit.")
    return FetchedPage(url=final_url, body=body, content_type=content_type)


# --- Conditional GET (feeds) and POST (webhooks) ----------------------------------------------------
# Same pinned, checked connections and per-hop check as fetch_url; these callers need the status,
# the response headers and whether a redirect was permanent, which fetch_url hides.

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
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Only http and https URLs can be fetched.")
    follow = follow_redirects and method == "GET"
    try:
        with (
            _session(timeout=timeout, allow_loopback=allow_private) as session,
            session.request(
                method, url, data=body, headers=headers or {}, allow_redirects=follow, stream=True
            ) as response,
        ):
            data = response.raw.read(max_bytes + 1, decode_content=True)
            permanent = bool(response.history) and all(r.status_code in (301, 308) for r in response.history)
            answer_headers = {name.lower(): value for name, value in response.headers.items()}
            answer = HttpAnswer(
                response.status_code, response.url, data, answer_headers, response.url if permanent else ""
            )
    except InvalidIPAddress as exc:
        raise FetchError("The address (or one it redirects to) is private or local; refusing to fetch it.") from exc
    except requests.TooManyRedirects as exc:
        raise FetchError("Too many redirects.") from exc
    except requests.RequestException as exc:
        raise FetchError(f"Could not fetch {url}: {exc.__class__.__name__}.") from exc
    if len(data) > max_bytes:
        raise FetchError(f"The answer is larger than the {max_bytes // 1024} KB limit.")
    return answer
