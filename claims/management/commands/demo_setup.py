from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from claims.services.intake import article_intake
from claims.services.users import user_set_role
from sources.services import article_fill_provenance

SAMPLE = Path(settings.BASE_DIR) / "sample" / "putin_address.txt"
SAMPLE_OUTLET, SAMPLE_PUBLISHED = "Sky News", "2022-02-25"


class Command(BaseCommand):
    help = "Create the demo users (editor, reporter) with fresh passwords and ingest the sample article."

    def handle(self, *args, **options) -> None:
        for name in ("editor", "reporter"):
            _, password = user_set_role(username=name, role=name)
            self.stdout.write(self.style.SUCCESS(f"Demo user {name!r} password: {password}"))
        result = article_intake(
            raw=SAMPLE.read_text(encoding="utf-8"),
            title="Putin appeals to Ukrainian troops to take power into their own hands",
            outlet_name=SAMPLE_OUTLET,
            published=SAMPLE_PUBLISHED,
        )
        # A sample stored by an older demo_setup (or pasted without them) gets its outlet and date.
        article_fill_provenance(article=result.article, outlet_name=SAMPLE_OUTLET, published=SAMPLE_PUBLISHED)
        state = "ingested and queued" if result.created else "already present"
        self.stdout.write(f"Sample article (Sky News, 25 February 2022) {state}: {result.article.extraction_status}")
