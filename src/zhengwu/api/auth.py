"""API authentication: a bearer token for integrations, the browser session (with CSRF) for pages."""

from ninja.security import HttpBearer, SessionAuth

from zhengwu.org.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        request.user = row.user
        return row.user


class OptionalSession(SessionAuth):
    """Public endpoints: anyone may call; a logged-in user is recognised."""

    def __call__(self, request):
        return super().__call__(request) or True


token_or_session = [TokenAuth(), SessionAuth()]
public = [TokenAuth(), OptionalSession()]
