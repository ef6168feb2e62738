"""The reminder runner: every day, each registered reminder rule runs for every active
municipality and queues what is due in the outbox. The rules live with the app whose data
they read (``grants/reminders.py``, ``organisations/reminders.py``,
``networks/reminders.py``); this module knows none of them.

A rule is a function ``rule(municipality, today) -> int`` (how many notifications it
queued) that finds what is due in bulk queries and queues one notification per recipient
with ``portal.notifications.notify``/``notify_many``. The outbox's unique key makes every
rule idempotent: run it twice (or retry it after a crash) and nobody gets the same reminder
twice. Days come from the municipality's ReminderPolicy (``policy(municipality)``: the
defaults when it has none); all dates are Stockholm dates.

How an app adds a rule, without touching ``portal/``: in ``<app>/reminders.py``::

    from portal import reminders

    @reminders.rule
    def call_closing(municipality, today) -> int:
        days = reminders.policy(municipality).call_closing_days
        ...

and import that module from the app's ``AppConfig.ready()`` (as ``audit_texts`` is). Rules
run in the order they were registered, i.e. in the order of ``INSTALLED_APPS`` and, within
an app, of the module; a rule registered again under the same name replaces the earlier one.
"""

from collections.abc import Callable

from django.utils import timezone

from portal.links import absolute_reverse
from portal.models import Municipality, ReminderPolicy

DEFAULTS = ReminderPolicy()

Rule = Callable[..., int]
_RULES: dict[str, Rule] = {}


def rule(function: Rule) -> Rule:
    """Register a reminder rule (a decorator); its name is the key of ``run_all``'s counts."""
    _RULES[function.__name__] = function
    return function


def rules() -> list[Rule]:
    """The registered rules, in the order they run."""
    return list(_RULES.values())


def unregister(name: str) -> None:
    """Forget a rule (tests that register one of their own)."""
    _RULES.pop(name, None)


def policy(municipality) -> ReminderPolicy:
    """The municipality's reminder days, or the defaults when it has set none."""
    return getattr(municipality, "reminder_policy", None) or DEFAULTS


def url(name, *args) -> str:
    """An absolute link for an email, in the portal's default language."""
    return absolute_reverse(name, args=args)


def run_all(today=None) -> dict:
    """Run every reminder rule for every active municipality; returns how many were queued."""
    today = today or timezone.localdate()
    counts = {}
    for municipality in Municipality.objects.filter(is_active=True).select_related(
        "reminder_policy"
    ):
        for job in rules():
            counts[job.__name__] = counts.get(job.__name__, 0) + job(municipality, today)
    return counts
