"""Content written by the municipality in Swedish and English (policy pages, news, stories,
surveys): a field ``<name>_sv`` and ``<name>_en`` on the model, read here in the reader's
language. Swedish is required and is what a reader of English gets where no English was
written, so a page is never empty for want of a translation."""

from django.utils import translation

DEFAULT = "sv"


def pick(obj, name: str, language: str | None = None) -> str:
    """``obj.<name>_<language>``, or the Swedish text when that is empty."""
    language = (language or translation.get_language() or DEFAULT)[:2]
    value = getattr(obj, f"{name}_{language}", "") if language != DEFAULT else ""
    return value or getattr(obj, f"{name}_{DEFAULT}", "")


def is_translated(obj, name: str, language: str | None = None) -> bool:
    """Whether the text exists in ``language`` itself (a page says when it shows Swedish)."""
    language = (language or translation.get_language() or DEFAULT)[:2]
    return bool(getattr(obj, f"{name}_{language}", ""))
