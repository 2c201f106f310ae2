"""API authentication: a staff member's bearer token for integrations (checked on every use by
org/tokens.py under the rules of a staff session), the browser session (with CSRF) for pages."""

from ninja.security import HttpBearer, SessionAuth

from zhengwu.org import tokens


class TokenAuth(HttpBearer):
    """An unknown key is not this method's (None: the next one is tried); a known key that may
    not make the request raises, and the API answers 401 (or 403 for a read-only token on a
    change) with the reason's own code, through the same handler as every other error."""

    def authenticate(self, request, token):
        row = tokens.authenticate(request, token)
        if row is None:
            return None
        request.user = row.user
        request.api_token = row
        return row.user


class OptionalSession(SessionAuth):
    """Public endpoints: anyone may call; a logged-in user is recognised."""

    def __call__(self, request):
        return super().__call__(request) or True


token_or_session = [TokenAuth(), SessionAuth()]
public = [TokenAuth(), OptionalSession()]
session_only = [SessionAuth()]
