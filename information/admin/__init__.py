"""Information in the admin: the municipal administrator's pages, focus-area goals and
contacts; the publishers' stories and news. One module per subject."""

from information.admin import contacts, news, pages, stories  # noqa: F401
