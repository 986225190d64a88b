"""Fill an empty database with a synthetic archive for scale tests (see devtools/seeding/).

Without --force it refuses any database that already holds articles, speakers or claims, including
one it seeded before (a second run would collide with the first): run it again with --force, which
deletes every article, statement, claim, review, speaker and outlet and seeds afresh in one
transaction, so a seed that fails leaves the old data as it was.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools import seeding


class Command(BaseCommand):
    help = "Seed a synthetic newsroom archive (N statements, ~N/5 articles, N/20 speakers, 0.3N claims)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--statements", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force", action="store_true", help="Delete all articles, claims, speakers and outlets first."
        )

    def handle(self, *args, statements: int, seed: int, force: bool, **options) -> None:
        if statements < 1:
            raise CommandError("--statements must be at least 1.")
        state = seeding.archive_state()
        if state != "empty" and not force:
            what = "a seeded archive" if state == "seeded" else "data seed_archive did not create"
            raise CommandError(f"The database already holds {what}; rerun with --force to delete it and seed afresh.")
        if state != "empty":
            self.stdout.write(f"Replacing the existing {state} archive (--force), in the new one's transaction.")
        report = seeding.archive_seed(statements=statements, seed=seed, log=self.stdout.write, replace=state != "empty")
        self.stdout.write(
            f"Seeded {report.outlets} outlets, {report.speakers} speakers ({report.aliases} aliases), "
            f"{report.articles} articles, {report.statements} statements, {report.claims} claims, "
            f"{report.reviews} reviews in {report.timings['total']:.1f}s "
            f"(phases: {', '.join(f'{k} {v:.1f}s' for k, v in report.timings.items())})."
        )
