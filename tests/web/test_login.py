from django.test import Client
from django.urls import reverse


def _attempt(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_editor_signs_in_with_the_right_password(editor):
    response = _attempt(Client(), "ed", "editor-password-1")
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_repeated_failures_lock_the_username_even_with_the_right_password(editor, settings):
    client = Client()
    for _ in range(settings.LOGIN_RATE_LIMIT - 1):
        assert _attempt(client, "ed", "wrong-guess").status_code == 200
    assert _attempt(client, "ed", "wrong-guess").status_code == 429  # the failure that reaches the limit

    locked = _attempt(client, "ed", "editor-password-1", address="10.0.0.2")

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_lock_that_address_for_every_username(editor, reporter, settings):
    client = Client()
    for n in range(settings.LOGIN_RATE_LIMIT):
        _attempt(client, f"nobody{n}", "wrong-guess", address="10.9.9.9")

    assert _attempt(client, "rep", "reporter-password-1", address="10.9.9.9").status_code == 429
    assert _attempt(Client(), "rep", "reporter-password-1", address="10.1.1.1").status_code == 302


def test_login_form_carries_csrf_protection(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "ed", "password": "x"})
    assert response.status_code == 403


def test_behind_a_proxy_failures_count_per_client_not_per_proxy(editor, reporter, settings):
    """Ten wrong passwords from one newsroom desk do not lock out everyone behind the proxy."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.254"
    client = Client()
    for n in range(settings.LOGIN_RATE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"nobody{n}", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    other_desk = Client().post(
        reverse("login"),
        {"username": "rep", "password": "reporter-password-1"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    same_desk = Client().post(
        reverse("login"),
        {"username": "rep", "password": "reporter-password-1"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert other_desk.status_code == 302
    assert same_desk.status_code == 429


def test_a_forged_forwarded_header_does_not_escape_the_lockout(editor, settings):
    """With no trusted proxy the header is ignored; with one, only the right-most entry counts."""
    client = Client()
    for n in range(settings.LOGIN_RATE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"nobody{n}", "password": "wrong"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert _attempt(Client(), "ed", "editor-password-1", address="10.9.9.9").status_code == 429

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    forged = Client().post(
        reverse("login"),
        {"username": "ed", "password": "editor-password-1"},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 10.9.9.9",  # the proxy appended the real client, 10.9.9.9
    )
    assert forged.status_code == 429
