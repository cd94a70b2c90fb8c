"""REST framework's view of who is asking: the token the middleware accepted, or the browser session."""

from rest_framework import authentication


class TokenAuthentication(authentication.BaseAuthentication):
    """The token was checked by ``api.middleware`` (before the permission layer); this only reports it."""

    def authenticate(self, request):
        token = getattr(request._request, "api_token", None)
        return (token.user, token) if token is not None else None

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser, with REST framework's CSRF check on writes."""
