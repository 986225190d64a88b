import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction

ROLES = ("reporter", "editor", "admin")


def role_groups_ensure() -> None:
    for name in ("reporter", "editor"):
        Group.objects.get_or_create(name=name)


@transaction.atomic
def user_set_role(*, username: str, role: str, password: str | None = None) -> tuple[AbstractUser, str]:
    """Create the user or update its role; returns the user and the password now in force.

    A password is generated when none is given. An admin is a superuser who is also an editor, so
    every role check treats it as one.
    """
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    role_groups_ensure()
    user, _ = get_user_model().objects.get_or_create(username=username)
    password = password or secrets.token_urlsafe(12)
    user.set_password(password)
    user.is_staff = user.is_superuser = role == "admin"
    user.is_active = True
    user.save()
    user.groups.set(Group.objects.filter(name="reporter" if role == "reporter" else "editor"))
    return user, password
