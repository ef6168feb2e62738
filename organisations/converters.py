"""URL converters of the registry."""

from django.utils import timezone

#: The first year the registry keeps a board or member counts for. Later years run to next
#: year (a board elected at an annual meeting for the coming year).
FIRST_REGISTRY_YEAR = 1900


def registry_year(value) -> int:
    """``value`` as a year the registry keeps; ValueError for any other (0, 99999...)."""
    year = int(value)
    if not FIRST_REGISTRY_YEAR <= year <= timezone.localdate().year + 1:
        raise ValueError(f"{year} is not a year of the registry")
    return year


class RegistryYearConverter:
    """A year of the registry in an address. Any other number is no page (404): the page
    never links to year -1, and the database's small-integer year is never asked for 99999."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return registry_year(value)

    def to_url(self, value) -> str:
        return str(registry_year(value))
