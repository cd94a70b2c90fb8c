from django import template

from directory import phones

register = template.Library()


@register.filter
def phone(e164: str) -> str:
    """An E.164 number in its readable international form (+41 22 917 12 34)."""
    return phones.display(e164)
