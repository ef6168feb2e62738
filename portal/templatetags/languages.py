"""The language switch: plain links to the same page in the other languages.

Links, not a form: the language lives in the address (``/en/...``), so a link is all a
switch needs, it works without a click on a second button, and a public page then carries no
CSRF token, which lets the page cache serve it as stored.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.text import capfirst

from portal.bilingual import pick

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context) -> list[dict]:
    """[{code, name, url}] for every language but the current one; ``url`` is this page in
    that language (with its query), or that language's start page where the address has no
    translation (an error page)."""
    request = context.get("request")
    here = request.get_full_path() if request else "/"
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = translate_url(here, code)
        if url == here:
            with translation.override(code):
                url = reverse("portal:home")
        name = capfirst(translation.get_language_info(code)["name_local"])
        links.append({"code": code, "name": name, "url": url})
    return links


@register.simple_tag
def bilingual(obj, name: str) -> str:
    """``{% bilingual page "title" %}``: the field in the reader's language, Swedish where it
    was not translated (portal.bilingual)."""
    return pick(obj, name)
