"""Rich text and translations of the municipality's content in templates."""

from django import template
from django.utils import translation

from information import richtext
from portal.bilingual import is_translated, pick

register = template.Library()


@register.simple_tag
def rich(obj, name: str, top: int = 2):
    """``{% rich page "body" top=3 %}``: the rich text in the reader's language (Swedish
    where not translated), sanitised, its headings starting at ``h{top}``."""
    return richtext.render(pick(obj, name), top)


@register.simple_tag
def shown_in_swedish(obj, name: str = "title") -> bool:
    """Whether a reader of another language than Swedish gets the Swedish text."""
    language = (translation.get_language() or "sv")[:2]
    return language != "sv" and not is_translated(obj, name, language)
