"""Messages a reader chose to get carry a one-click unsubscribe (RFC 8058): the address goes in
the List-Unsubscribe header with List-Unsubscribe-Post, and on the body's last line in the
reader's language; other messages have neither."""

import pytest
from django.core import mail

from portal.models import Notification
from portal.notifications import deliver_pending, notify_many
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_unsubscribe_address_reaches_header_and_body(world):
    swede = UserFactory(email="sv@example.se", preferred_language="sv")
    english = UserFactory(email="en@example.se", preferred_language="en")
    links = {}

    def unsubscribe(key, email, user):
        links[email] = f"https://portal.example.se/stop/{user.pk}/"
        return links[email]

    context = {"organisation": {"name": "Fisksätra IF"}, "url": "/"}
    notify_many(
        kind="receipt",
        template="organisations/email/status",
        items=[("r:1", context, [swede, english, "bare@example.se"])],
        municipality=world.x,
    )
    notify_many(
        kind="digest",
        template="organisations/email/status",
        items=[("news:1", context, [swede, english])],
        municipality=world.x,
        personal=False,
        unsubscribe=unsubscribe,
    )
    deliver_pending()
    assert len(mail.outbox) == 5
    plain = [m for m in mail.outbox if "List-Unsubscribe" not in m.extra_headers]
    assert len(plain) == 3  # the first batch asked for no unsubscribe address
    stoppable = {m.to[0]: m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers}
    assert set(stoppable) == {"sv@example.se", "en@example.se"}
    for address, message in stoppable.items():
        assert message.extra_headers["List-Unsubscribe"] == f"<{links[address]}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.body.rstrip().endswith(links[address])
    assert "Vill du inte längre få sådana meddelanden?" in stoppable["sv@example.se"].body
    assert "To stop getting these messages, open:" in stoppable["en@example.se"].body
    row = Notification.objects.get(kind="digest", recipient="en@example.se")
    assert row.unsubscribe_url == links["en@example.se"]
