"""Claims-list throughput under gunicorn (three implementations, one run) and the extraction backlog.

Plain functions used by `manage.py bench_archive`. Figures are printed, never asserted.
"""

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from devtools.loadgen import LoadResult, load_run
from sources.models import Article, ExtractionStatus

# The claims list as shipped, the stock-DRF reference and the bare Django view (devtools/views.py).
THROUGHPUT_PATHS = {
    "shipped": "/api/v1/claims/",
    "stock_drf": "/dev/api/claims-reference/",
    "bare_django": "/dev/api/claims-bare/",
}


@dataclass
class Throughput:
    results: dict[str, LoadResult]

    def lines(self) -> list[str]:
        out = []
        for name, r in self.results.items():
            out.append(
                f"  {name:<12} {r.per_second:7.1f} req/s  p50={r.pct(50):6.1f}ms p95={r.pct(95):6.1f}ms "
                f"p99={r.pct(99):6.1f}ms  {r.bytes_read / max(1, len(r.latencies_ms)) / 1024:5.1f} KiB/page"
                f"  errors={r.errors}"
            )
        shipped = self.results["shipped"].per_second
        stock, bare = self.results["stock_drf"].per_second, self.results["bare_django"].per_second
        out.append(
            f"  shipped / stock DRF = {shipped / stock if stock else float('nan'):.2f}x (goal >= 2x); "
            f"shipped / bare Django = {shipped / bare if bare else float('nan'):.2f}x (goal >= 0.6x)"
        )
        return out


def cpu_per_request(*, client, query: str, requests: int = 30) -> dict[str, float]:
    """In-process CPU milliseconds per request for each implementation (django.test.Client, the
    database's own CPU not included): a figure the machine's load barely moves, unlike req/s."""
    costs = {}
    for name, path in THROUGHPUT_PATHS.items():
        url = f"{path}?{query}"
        client.get(url)
        started = time.process_time()
        for _ in range(requests):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        costs[name] = (time.process_time() - started) * 1000 / requests
    return costs


def throughput_measure(*, base: str, query: str, session_cookie: str, seconds: float, connections: int) -> Throughput:
    """Load each implementation's URL in turn on the gunicorn at `base` (devtools/server.py: same
    server, same data, same client); a short warm-up per URL first."""
    headers = {"Cookie": f"sessionid={session_cookie}", "Host": "localhost"}
    results: dict[str, LoadResult] = {}
    for name, path in THROUGHPUT_PATHS.items():
        url = f"{base}{path}?{query}"
        load_run(url=url, headers=headers, connections=2, seconds=min(2.0, seconds))
        results[name] = load_run(url=url, headers=headers, connections=connections, seconds=seconds)
    return Throughput(results)


# --- Extraction backlog ----------------------------------------------------------------------------


def backlog_ingest(*, count: int, run: str, corpus_dir: Path) -> list[int]:
    """Ingest `count` corpus articles, each varied by a closing line so its content hash is new;
    each is queued for extraction as every way in queues it (article_intake)."""
    from claims.services.intake import article_intake

    docs = [json.loads(p.read_text()) for p in sorted(corpus_dir.glob("*.json"))]
    if not docs:
        raise ValueError(f"No corpus articles (*.json) in {corpus_dir}; pass --corpus.")
    ids = []
    for i in range(count):
        doc = docs[i % len(docs)]
        text = doc.get("text") or doc.get("body") or doc.get("raw") or ""
        result = article_intake(
            raw=f"{text}\n\nArchive copy {run}-{i}.",
            title=f"{doc.get('title', 'Backlog')} ({run}-{i})",
            url=f"https://backlog.seed.example/{run}/{i}",
            published=doc.get("published") or doc.get("published_at"),
        )
        ids.append(result.article.pk)
    return ids


def backlog_drain(*, article_ids: list[int], concurrency: int, timeout: float = 3600) -> dict[str, float]:
    """Start a Celery worker, wait until every article is done or failed, stop it; rate and memory."""
    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [str(celery), "-A", "newsroom", "worker", f"--concurrency={concurrency}", "--loglevel=WARNING", "-n",
         f"bench{concurrency}@%h", "--without-gossip", "--without-mingle"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    peak: dict[int, int] = {}
    deadline = time.monotonic() + timeout
    pending = Article.objects.filter(pk__in=article_ids).exclude(
        extraction_status__in=[ExtractionStatus.DONE, ExtractionStatus.FAILED]
    )
    try:
        while pending.exists() and time.monotonic() < deadline:
            for pid in _children(worker.pid):
                peak[pid] = max(peak.get(pid, 0), _vm_hwm_kib(pid))
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    return _backlog_rates(article_ids) | {"peak_rss_mb": max(peak.values(), default=0) / 1024}


def _backlog_rates(article_ids: list[int]) -> dict[str, float]:
    rows = Article.objects.filter(pk__in=article_ids)
    started = min(rows.values_list("extraction_started_at", flat=True), default=None)
    finished = max(rows.values_list("extraction_finished_at", flat=True), default=None)
    seconds = (finished - started).total_seconds() if started and finished else float("nan")
    words = sum(rows.values_list("word_count", flat=True))
    done = rows.filter(extraction_status=ExtractionStatus.DONE).count()
    return {
        "seconds": seconds,
        "articles": done,
        "articles_per_min": done / seconds * 60,
        "words_per_s": words / seconds,
    }


def _children(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:
        pass
    return found


def _vm_hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
