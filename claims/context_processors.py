from django.http import HttpRequest

from claims import permissions


def roles(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        "can_read": permissions.user_can_read(user),
        "can_review": permissions.user_can_review_claims(user),
        "can_ingest": permissions.user_can_ingest(user),
        "can_see_integrations": permissions.user_can_see_integrations(user),
    }
