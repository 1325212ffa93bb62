"""The address to cite a page by: its absolute URL on the host the reader reached."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, obj):
    """``obj``'s get_absolute_url() with scheme and host, for a citation that works out of context."""
    return context["request"].build_absolute_uri(obj.get_absolute_url())
