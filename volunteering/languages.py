"""The languages volunteers speak and call-outs ask for: the languages most spoken in
Swedish municipalities besides Swedish, and Swedish sign language. Codes are ISO 639
(``sgn-SE`` for svenskt teckenspråk) so that they never change with the UI language."""

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("fa", _("Persian")),
    ("prs", _("Dari")),
    ("ps", _("Pashto")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("bcs", _("Bosnian, Croatian, Serbian")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("fi", _("Finnish")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("th", _("Thai")),
    ("sgn-SE", _("Swedish sign language")),
]
LANGUAGE_NAMES = dict(LANGUAGES)


def names(codes) -> list[str]:
    """The languages' names in the current UI language, in the list's order."""
    wanted = set(codes or ())
    return [str(name) for code, name in LANGUAGES if code in wanted]
