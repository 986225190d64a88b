"""Score stored claims that have no check-worthiness yet (or, with --rescore, an older model's)."""

from django.core.management.base import BaseCommand, CommandParser

from claims.services import claims_backfill_check_worthiness


class Command(BaseCommand):
    help = "Score unscored claims' check-worthiness in batches (loads spaCy: run it where the worker runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rescore", action="store_true", help="Also rescore claims scored by an older model.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **opts) -> None:
        done = claims_backfill_check_worthiness(rescore=opts["rescore"], batch_size=max(1, opts["batch_size"]))
        self.stdout.write(f"Scored {done} claim(s).")
