"""How an outbox message leaves the portal: one channel per way of sending (email now; SMS
can follow), named in ``settings.NOTIFICATION_CHANNELS`` ({name: dotted path of a class}).

A channel is opened once for a batch of the worker's rows (one SMTP connection for all its
emails) and sends one row at a time; ``send`` raises when the row was not delivered, and the
outbox then backs off and tries again (portal.notifications). Adding SMS means a class with
the same three methods and one line in the setting — the outbox itself does not change.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

DEFAULT = "email"


class Channel:
    """A way of sending: ``with channel: channel.send(row)`` for each row of a batch."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def send(self, row) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    """Email through Django's mail backend, one connection per batch."""

    def __enter__(self):
        self.connection = get_connection()
        self.connection.open()
        return self

    def __exit__(self, *exc_info):
        self.connection.close()
        return False

    def send(self, row) -> None:
        headers = {}
        if row.unsubscribe_url:  # RFC 2369 and 8058: mail clients show an "Unsubscribe" button
            headers["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message = EmailMessage(
            row.subject, row.body, to=[row.recipient], connection=self.connection, headers=headers
        )
        if row.attachment:
            message.attach(row.attachment_name, bytes(row.attachment), row.attachment_type)
        message.send()


def channel(name: str) -> Channel:
    """A new instance of the channel called ``name``; unknown names are a configuration error
    (the row then fails like a refused message and stays visible to officers)."""
    try:
        path = settings.NOTIFICATION_CHANNELS[name]
    except KeyError:
        raise ImproperlyConfigured(f"No notification channel {name!r} in settings.") from None
    return import_string(path)()
