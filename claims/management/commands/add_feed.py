from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.services.feeds import feed_follow
from sources.feeds.services import FeedError
from sources.models import Outlet


class Command(BaseCommand):
    help = "Follow an RSS, Atom or JSON feed for an outlet (created if new); it is polled at once, then every interval."

    def add_arguments(self, parser) -> None:
        parser.add_argument("outlet", help="The outlet's name, e.g. 'Sky News'.")
        parser.add_argument("url", help="The feed's http(s) address.")
        parser.add_argument("--interval", type=int, default=None, help="Minutes between polls (default 15).")

    def handle(self, *args, outlet: str, url: str, interval: int | None, **options) -> None:
        name = outlet.strip()
        if not name:
            raise CommandError("Give the outlet's name.")
        try:
            with transaction.atomic():  # a refused feed leaves no new outlet behind
                found = Outlet.objects.filter(name__iexact=name).first() or Outlet.objects.create(name=name[:200])
                feed = feed_follow(outlet=found, url=url, interval_minutes=interval)
        except FeedError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Following {feed.url} for {found.name} every {feed.interval_minutes} minutes (feed {feed.pk})."
        )
