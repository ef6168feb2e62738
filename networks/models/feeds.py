"""Personal calendar feeds: one secret address per person and network.

A calendar program cannot log in, so the feed address carries a secret instead. Each person
has their own, so that one person's address can end without ending everyone's: it answers
only while the person may still see inside the network (checked on every request, see
``networks.services.calendar_feed_for_token``), and the person can replace it at any time.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models.networks import Network


def feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("network")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_calendar_feeds",
        verbose_name=_("person"),
    )
    token = models.CharField(
        max_length=64,
        unique=True,
        default=feed_token,
        editable=False,
        help_text=_("The secret part of the person's calendar feed address."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="calendar_feed_per_person"),
        ]

    def __str__(self):
        return f"{self.network} – {self.user}"
