"""A small HTTP load generator: N keep-alive connections on threads, for T seconds, one URL.

Used by `bench_archive --throughput` (no wrk needed). Client and server share the machine's cores,
so the figures compare URLs measured in the same run rather than stand alone.
"""

import http.client
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    url: str
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    bytes_read: int = 0

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def load_run(*, url: str, headers: dict[str, str], connections: int, seconds: float) -> LoadResult:
    """GET `url` over `connections` keep-alive connections for `seconds`; non-200 answers are errors."""
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    result = LoadResult(url=url, seconds=seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        latencies, errors, size = [], 0, 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            size += len(body)
            if response.status != 200:
                errors += 1
        conn.close()
        with lock:
            result.latencies_ms += latencies
            result.errors += errors
            result.bytes_read += size

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result
