"""Every named route, every role: a route without an entry here fails the matrix (STYLE 21)."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.factories import FeedFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "reporter", "editor")
LOGIN = 302  # anonymous users are sent to the login page
READ = {"anonymous": LOGIN, "outsider": 403, "reporter": 200, "editor": 200}
EDIT_PAGE = {"anonymous": LOGIN, "outsider": 403, "reporter": 403, "editor": 200}
# POSTs with an empty form: an editor gets the form back with errors (422), others are refused.
EDIT_FORM_POST = {"anonymous": LOGIN, "outsider": 403, "reporter": 403, "editor": 422}
EDIT_ACTION_POST = {"anonymous": LOGIN, "outsider": 403, "reporter": 403, "editor": 302}


def _ids(sample: dict) -> dict:
    return {
        "article_id": sample["article"].pk,
        "claim_id": sample["claim"].pk,
        "statement_id": sample["peskov_statement"].pk,
        "slug": sample["peskov"].slug,
        "outlet_id": sample["article"].outlet_id,
        "feed_id": sample["feed"].pk,
        "match_id": sample["match"].pk,
    }


# name -> (method, URL kwargs, expected status per role)
MATRIX = {
    "home": ("get", [], {"anonymous": LOGIN, "outsider": 403, "reporter": 302, "editor": 302}),
    "article_list": ("get", [], READ),
    "article_add": ("get", [], EDIT_PAGE),
    "article_detail": ("get", ["article_id"], READ),
    "article_status": ("get", ["article_id"], {**READ, "reporter": 286, "editor": 286}),  # done: stop polling
    "article_reextract": ("post", ["article_id"], EDIT_ACTION_POST),
    "claim_detail": ("get", ["claim_id"], READ),
    "claim_review": ("post", ["claim_id"], EDIT_FORM_POST),
    "claim_publish": ("post", ["claim_id"], EDIT_FORM_POST),
    # Public, but the sample claim is not published: 404 for everyone (tests/web/test_publishing.py).
    "fact_check": ("get", ["claim_id"], dict.fromkeys(("anonymous", "outsider", "reporter", "editor"), 404)),
    "claim_merge": ("post", ["claim_id"], EDIT_FORM_POST),
    "match_confirm": ("post", ["match_id"], EDIT_ACTION_POST),
    "match_reject": ("post", ["match_id"], EDIT_ACTION_POST),
    "review_queue": ("get", [], READ),
    "search": ("get", [], READ),
    "speaker_suggest": ("get", [], READ),
    "speaker_list": ("get", [], READ),
    "speaker_detail": ("get", ["slug"], READ),
    "speaker_merge": ("post", ["slug"], EDIT_FORM_POST),
    "speaker_alias_add": ("post", ["slug"], EDIT_FORM_POST),
    "statement_correct": ("get", ["statement_id"], EDIT_PAGE),
    "statement_speaker": ("post", ["statement_id"], EDIT_FORM_POST),
    "statement_span": ("post", ["statement_id"], EDIT_FORM_POST),
    "statement_reject": ("post", ["statement_id"], EDIT_ACTION_POST),
    "statement_split": ("post", ["statement_id"], EDIT_ACTION_POST),
    "statement_add": ("get", ["article_id"], EDIT_PAGE),
    "outlet_list": ("get", [], READ),
    "outlet_add": ("post", [], EDIT_FORM_POST),
    "outlet_detail": ("get", ["outlet_id"], READ),
    "feed_add": ("post", ["outlet_id"], EDIT_FORM_POST),
    "feed_resume": ("post", ["feed_id"], EDIT_ACTION_POST),
    # Admins only (staff); editors are not admins. Staff access is tested in tests/webhooks/test_pages.py.
    "webhook_endpoints": ("get", [], {"anonymous": LOGIN, "outsider": 403, "reporter": 403, "editor": 403}),
}


def _route_names() -> set[str]:
    names = set()
    for module in ("claims.urls",):
        for pattern in get_resolver(module).url_patterns:
            assert isinstance(pattern, URLPattern), f"{module} includes {pattern}; list its routes here"
            assert pattern.name, f"{module} has an unnamed route {pattern.pattern}"
            names.add(pattern.name)
    return names


def test_every_route_has_a_matrix_entry():
    assert _route_names() == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_route_status_per_role(name, sample, feed, anonymous_client, outsider_client, reporter_client, editor_client):
    method, kwarg_names, expected = MATRIX[name]
    ids = _ids(sample | {"feed": feed})
    url = reverse(name, kwargs={k: ids[k] for k in kwarg_names})
    clients = {
        "anonymous": anonymous_client,
        "outsider": outsider_client,
        "reporter": reporter_client,
        "editor": editor_client,
    }
    got = {role: getattr(clients[role], method)(url).status_code for role in ROLES}
    assert got == expected


def test_anonymous_is_sent_to_login(anonymous_client, sample):
    response = anonymous_client.get(reverse("article_detail", args=[sample["article"].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.fixture
def feed(sample):
    return FeedFactory(outlet=sample["article"].outlet)


@pytest.mark.parametrize(
    "name",
    [
        "article_reextract",
        "claim_review",
        "statement_reject",
        "speaker_merge",
        "outlet_add",
        "feed_add",
        "feed_resume",
        "claim_merge",
        "match_confirm",
        "match_reject",
        "statement_split",
    ],
)
def test_posting_only_routes_refuse_get(name, sample, feed, editor_client):
    _method, kwarg_names, _ = MATRIX[name]
    ids = _ids(sample | {"feed": feed})
    assert editor_client.get(reverse(name, kwargs={k: ids[k] for k in kwarg_names})).status_code == 405


def test_reporter_forged_review_post_is_refused_and_changes_nothing(reporter_client, sample):
    claim = sample["claim"]
    response = reporter_client.post(
        reverse("claim_review", args=[claim.pk]), {"status": "evidenced", "expected_version": claim.version}
    )
    claim.refresh_from_db()
    assert response.status_code == 403
    assert claim.status == "contested"


def test_reporter_sees_no_review_buttons(reporter_client, sample):
    response = reporter_client.get(reverse("claim_detail", args=[sample["claim"].pk]))
    assert b'name="status"' not in response.content
    assert b"Add article" not in response.content


def test_editor_sees_review_buttons(editor_client, sample):
    content = editor_client.get(reverse("claim_detail", args=[sample["claim"].pk])).content.decode()
    for label in ("Evidenced", "Unevidenced", "Contested", "Unreviewed"):
        assert f">{label}</button>" in content


def test_security_headers(reporter_client, sample):
    response = reporter_client.get(reverse("article_detail", args=[sample["article"].pk]))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
