"""A stand-in extraction worker for the concurrency tests: a separate process storing statements.

Run as `python -m tests.reliability.storing_worker ROUNDS ARTICLE_ID...` with DATABASE_URL naming
the test database. Each round takes every article as a running extraction and stores a fresh set of
machine statements through the real service (one write transaction per article, as the worker
does). The parse is made up so the test needs no spaCy; the writes are the worker's own. Exits 0
after printing how many articles it stored, non-zero on the first error.
"""

import os
import sys

import django


def _statements(text: str) -> list:
    from claims.extraction import ExtractedStatement

    found = []
    start = 0
    for index, sentence in enumerate(text.split(". ")):
        end = start + len(sentence)
        if sentence.strip():
            found.append(
                ExtractedStatement(
                    speaker=f"Minister Number{index % 4}",
                    speaker_kind="person",
                    speaker_aliases=(),
                    speaker_role=None,
                    content=text[start:end],
                    start=start,
                    end=end,
                    kind="indirect",
                    cue="said",
                    paragraph=0,
                    confidence=0.9,
                    evidence_hint=None,
                    evidence_cue=None,
                )
            )
        start = end + 2
    return found


def main(rounds: int, article_ids: list[int]) -> int:
    from claims.services import article_store_statements
    from sources.models import Article, ExtractionStatus

    stored = 0
    for round_no in range(rounds):
        for article_id in article_ids:
            task_id = f"storing-worker-{os.getpid()}-{round_no}"
            Article.objects.filter(pk=article_id).update(
                extraction_status=ExtractionStatus.RUNNING, extraction_task_id=task_id
            )
            text = Article.objects.values_list("text", flat=True).get(pk=article_id)
            stored += article_store_statements(article_id=article_id, task_id=task_id, extracted=_statements(text))
    print(f"stored {stored}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    sys.exit(main(int(sys.argv[1]), [int(arg) for arg in sys.argv[2:]]))
