"""Project-wide middleware."""


class ChosenLanguageOnlyMiddleware:
    """Serve Traditional Chinese unless the reader chose another language.

    The archive's interface is Traditional Chinese by default; Simplified and English are a
    reader's explicit choice (the language cookie set by the switcher). A browser's
    Accept-Language header is therefore ignored, so that staff on an English-language browser
    still see the archive as its users expect it. Must run before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
