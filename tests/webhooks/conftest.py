import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Endpoint owners are made by a factory that hashes a password; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
