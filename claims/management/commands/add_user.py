from django.core.management.base import BaseCommand, CommandError

from claims.services.users import ROLES, user_set_role


class Command(BaseCommand):
    help = "Create a user with a role (or change an existing user's role and password)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--password", help="Generated and printed when omitted.")

    def handle(self, *args, username: str, role: str, password: str | None, **options) -> None:
        if not username.strip():
            raise CommandError("A username is required.")
        user, password_in_force = user_set_role(username=username.strip(), role=role, password=password)
        shown = password_in_force if password is None else "(as given)"
        self.stdout.write(f"{user.username}: role {role}, password {shown}")
