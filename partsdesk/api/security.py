"""Who is calling the API: a mobile app with a bearer token, or a signed-in browser session."""

from ninja.security import HttpBearer, SessionAuth

from partsdesk.accounts.models import Customer
from partsdesk.accounts.services import api_token_user


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
            request.api_token = token
        return user


class BrowserSession(SessionAuth):
    """The pages' own session (CSRF-checked by ninja for unsafe methods)."""


signed_in = [BearerToken(), BrowserSession()]


def customer_of(request) -> Customer | None:
    return Customer.objects.filter(user=request.auth).select_related("user", "manager").first()
