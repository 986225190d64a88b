import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Personas set real passwords; hashing them with PBKDF2 is most of an API test's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anon_api(db) -> APIClient:
    return APIClient()


@pytest.fixture
def editor_api(editor) -> APIClient:
    return _token_client(editor)


@pytest.fixture
def second_editor_api(second_editor) -> APIClient:
    return _token_client(second_editor)


@pytest.fixture
def reporter_api(reporter) -> APIClient:
    return _token_client(reporter)


@pytest.fixture
def outsider_api(outsider) -> APIClient:
    return _token_client(outsider)
