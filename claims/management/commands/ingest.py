from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.services.intake import article_intake
from sources.services import IngestError


class Command(BaseCommand):
    help = "Ingest articles from files (.txt, .md, .html) or http(s) URLs and queue their extraction."

    def add_arguments(self, parser) -> None:
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--title", default="")
        parser.add_argument("--outlet", default="")
        parser.add_argument("--url", default="", help="The article's address, for a file ingested from disk.")
        parser.add_argument("--published", default=None, help="YYYY-MM-DD or an ISO 8601 date-time.")

    def handle(
        self, *args, sources: list[str], title: str, outlet: str, url: str, published: str | None, **options
    ) -> None:
        failures = 0
        for source in sources:
            fields = {"title": title, "outlet_name": outlet, "published": published}
            try:
                if source.startswith(("http://", "https://")):
                    result = article_intake(fetch=True, url=source, **fields)
                else:
                    path = Path(source)
                    if not path.is_file():
                        raise IngestError(f"No such file: {source}")
                    result = article_intake(data=path.read_bytes(), filename=path.name, url=url, **fields)
            except IngestError as exc:
                failures += 1
                self.stderr.write(f"{source}: {exc}")
                continue
            verb = "ingested" if result.created else "already stored as"
            self.stdout.write(f"{source}: {verb} article {result.article.pk} ({result.article.extraction_status})")
        if failures:
            raise CommandError(f"{failures} of {len(sources)} source(s) could not be ingested.")
