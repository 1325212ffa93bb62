"""Template context every public page needs: the script the archive's text is shown in.

The text follows the interface language (简体 shows it in Simplified; 繁體 and English as stored)
unless the reader chose otherwise with the toggle: that choice lives in a cookie (set by
``minutes.views.set_script``) so it works for anonymous readers without a session, and it is kept
only while it differs from what the interface language gives. ``ScriptPreferenceMiddleware`` also stores it for the request in a
context variable, because template filters (``|script``) cannot see the template context.
"""

from contextvars import ContextVar

from minutes.chinese import to_simplified_display

SCRIPT_COOKIE = "minutes_script"
SIMPLIFIED = "hans"
AS_STORED = "as-stored"
CHOICES = (SIMPLIFIED, AS_STORED)

_simplified: ContextVar[bool] = ContextVar("minutes_script_simplified", default=False)


def interface_is_simplified(request) -> bool:
    """The interface language's script; ``LocaleMiddleware`` has set ``LANGUAGE_CODE`` by now."""
    return (getattr(request, "LANGUAGE_CODE", "") or "").lower() == "zh-hans"


def reader_wants_simplified(request) -> bool:
    if request is None:
        return False
    chosen = request.COOKIES.get(SCRIPT_COOKIE)
    if chosen in CHOICES:
        return chosen == SIMPLIFIED
    return interface_is_simplified(request)


def simplified_active() -> bool:
    """True while rendering a response for a reader who asked for Simplified text."""
    return _simplified.get()


def in_page_script(text: str) -> str:
    """Stored text as this page shows it (Simplified or as stored); for the ``script`` filter and
    for labels built outside templates (a unit dropdown, the name suggestions)."""
    if not text or not simplified_active():
        return text
    return to_simplified_display(text)


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
