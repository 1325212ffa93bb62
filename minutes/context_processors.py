"""Template context every public page needs: the reader's script preference.

The preference lives in a cookie (set by ``minutes.views.set_script``) so it works for anonymous
readers without a session. ``ScriptPreferenceMiddleware`` also stores it for the request in a
context variable, because template filters (``|script``) cannot see the template context.
"""

from contextvars import ContextVar

SCRIPT_COOKIE = "minutes_script"
SIMPLIFIED = "hans"

_simplified: ContextVar[bool] = ContextVar("minutes_script_simplified", default=False)


def reader_wants_simplified(request) -> bool:
    return request is not None and request.COOKIES.get(SCRIPT_COOKIE) == SIMPLIFIED


def simplified_active() -> bool:
    """True while rendering a response for a reader who asked for Simplified text."""
    return _simplified.get()


class ScriptPreferenceMiddleware:
    """Makes the reader's script preference visible to the ``script`` filter for one request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _simplified.set(reader_wants_simplified(request))
        try:
            return self.get_response(request)
        finally:
            _simplified.reset(token)


def script_preference(request):
    return {"script_simplified": reader_wants_simplified(request)}
