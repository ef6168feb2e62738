"""The audit trail read by people: each stored event as a sentence in the reader's language.

Events stay machine-readable in the database (an action code such as
``eligibility.granted`` and before/after JSON, see ``portal.models.AuditEvent``); officers,
auditors and anyone asking for a public record (allmän handling) read them here instead, as
"Hanna Handläggare beviljade bidragsberättigande 2026-12-04–2027-12-03", with the changed
fields as label: before → after.

Each app describes its own codes (this module, the ground floor, knows none of the domain
apps): in ``<app>/audit_texts.py``, imported from the app's ``AppConfig.ready()``::

    audit_text.register("network.calendar_feed_renewed", _("%(actor)s renewed ..."))

    @audit_text.describes("eligibility.granted")
    def _granted(event):
        event.say(_("%(actor)s granted ... %(period)s"), period=...)
        event.note(_("Reason"), event.after.get("reason"))

A code nobody registered, and the admin's ``<model>.created/changed/deleted`` rows
(``portal.admin.audit.AuditedAdmin``), are read generically: the model's name and its
fields' labels, each changed field as before → after. A code or a dict/list repr is never
shown.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import dateformat, timezone, translation
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Role
from portal.money import format_amount, format_number

EMPTY = "–"
# language -> (date format, date and time format), Django's format characters
_DATE_FORMATS = {"sv": ("Y-m-d", "Y-m-d H:i"), "en": ("j M Y", "j M Y, H:i")}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# AuditedAdmin's verbs (``created`` is what it writes for an addition; ``added`` is read too)
_VERBS = {
    "created": gettext_lazy("%(actor)s added the %(model)s “%(target)s”"),
    "added": gettext_lazy("%(actor)s added the %(model)s “%(target)s”"),
    "changed": gettext_lazy("%(actor)s changed the %(model)s “%(target)s”"),
    "deleted": gettext_lazy("%(actor)s deleted the %(model)s “%(target)s”"),
}
_INLINE_ROWS = {  # AuditedAdmin's record of inline rows: {"added": [...], ...}
    "added": gettext_lazy("added %(rows)s"),
    "changed": gettext_lazy("changed %(rows)s"),
    "deleted": gettext_lazy("removed %(rows)s"),
}


# --- what the template gets -----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One line under the sentence: ``label: before → after``, or ``label: value`` when
    ``is_change`` is false (a value recorded, not a change)."""

    label: str
    after: str
    before: str = ""
    is_change: bool = False


@dataclass(frozen=True)
class Row:
    when: datetime
    when_text: str
    who: str
    sentence: str
    changes: tuple[Change, ...]


# --- the registry ---------------------------------------------------------------------------


@dataclass
class _Text:
    describe: Callable
    prepare: Callable | None = None


_TEXTS: dict[str, _Text] = {}
_MODEL_VALUES: dict[str, dict[str, Callable]] = {}


def register(action: str, text, *, prepare: Callable | None = None) -> None:
    """Describe ``action``: a translatable sentence (``%(actor)s`` and ``%(target)s`` are
    filled in) or a function ``describe(event)`` that calls ``event.say`` and
    ``event.change``/``event.note``. ``prepare(events)`` runs once per page for all events
    of the code (one query for names, not one per row); its result is ``event.prepared``."""
    if not callable(text):
        sentence = text

        def text(event):
            event.say(sentence)

    _TEXTS[action] = _Text(text, prepare)


def describes(*actions: str, prepare: Callable | None = None):
    """Decorator form of ``register`` for one or several codes."""

    def decorate(function):
        for action in actions:
            register(action, function, prepare=prepare)
        return function

    return decorate


def register_values(model_label: str, **renderers: Callable) -> None:
    """How the generic reading shows some fields of a model, e.g.
    ``register_values("grants.call", budget=amount)``."""
    _MODEL_VALUES.setdefault(model_label.lower(), {}).update(renderers)


def is_registered(action: str) -> bool:
    return action in _TEXTS


# --- formatting helpers the apps use -------------------------------------------------------


def _language() -> str:
    code = (translation.get_language() or "sv").split("-")[0]
    return code if code in _DATE_FORMATS else "sv"


def format_date(value) -> str:
    """A date (or an ISO date string) as the reader's language writes it."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value or EMPTY
    if value is None:
        return EMPTY
    return dateformat.format(value, _DATE_FORMATS[_language()][0])


def format_datetime(value) -> str:
    """A time (or an ISO string) in the portal's time zone, in the reader's language."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value or EMPTY
    if value is None:
        return EMPTY
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _DATE_FORMATS[_language()][1])


def period(start, end) -> str:
    """``2026-12-04–2027-12-03``."""
    return f"{format_date(start)}–{format_date(end)}"


def amount(value) -> str:
    """An amount (number or text) through portal.money; empty as a dash."""
    if value in (None, ""):
        return EMPTY
    try:
        return format_amount(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def boolean(value) -> str:
    if value in (None, "", "None"):
        return EMPTY
    return _("Yes") if value in (True, "True", "true", 1) else _("No")


def choice(choices) -> Callable:
    """A renderer that shows a stored choice (``"submitted"``) by its label."""
    labels = dict(choices.choices if hasattr(choices, "choices") else choices)

    def render(value):
        if value in (None, ""):
            return EMPTY
        return str(labels.get(value, value))

    return render


def lower_first(text) -> str:
    """A label inside a sentence: ``Under review`` -> ``under review`` (not ``NGO``)."""
    text = str(text)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def listing(items: Iterable, render: Callable | None = None) -> str:
    """``a, b and c`` in the reader's language; nothing as a dash."""
    texts = [render(item) if render else value_text(item) for item in items]
    texts = [t for t in texts if t]
    return get_text_list(texts, _("and")) if texts else EMPTY


def value_text(value, model_field=None, render: Callable | None = None) -> str:
    """Any stored value for people: choices by their labels, dates in the reader's
    language, yes/no, lists joined, dicts as ``label: value``, nothing as a dash."""
    if render is not None:
        return render(value)
    if isinstance(value, list | tuple):
        return listing(value, lambda item: value_text(item, model_field))
    if isinstance(value, dict):
        return (
            "; ".join(
                f"{_field_label(None, key)}: {value_text(item)}" for key, item in value.items()
            )
            or EMPTY
        )
    if model_field is not None:
        return _field_value(value, model_field)
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return boolean(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return format_date(value)
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        return format_datetime(value)
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return str(value)


def _field_value(value, model_field) -> str:
    if value is None or value == "" or (value == "None" and model_field.null):
        return EMPTY
    if model_field.flatchoices:
        labels = dict(model_field.flatchoices)
        return str(labels.get(value, value))
    if isinstance(model_field, models.BooleanField):
        return boolean(value)
    if isinstance(model_field, models.DateTimeField):
        return format_datetime(value)
    if isinstance(model_field, models.DateField):
        return format_date(value)
    if isinstance(model_field, models.DecimalField):
        return format_number(value)
    return value_text(value)


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _model_field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field_order(model) -> Callable:
    order = {f.name: n for n, f in enumerate(model._meta.get_fields())} if model else {}
    return lambda name: (order.get(name, len(order)), name)


def _field_label(model, name: str) -> str:
    """The field's own label (its verbose name); for an inline's rows, the inline model's
    plural name; last, the key made readable."""
    model_field = _model_field(model, name)
    if model_field is not None and hasattr(model_field, "verbose_name"):
        return capfirst(model_field.verbose_name)
    if model_field is not None:  # a reverse relation: the related model's name
        return capfirst(model_field.related_model._meta.verbose_name_plural)
    inline = _model(f"{model._meta.app_label}.{name}") if model is not None else None
    if inline is not None:
        return capfirst(inline._meta.verbose_name_plural)
    return capfirst(name.replace("_", " "))


def _inline_rows(value: dict) -> str:
    return "; ".join(
        str(_INLINE_ROWS[key]) % {"rows": listing(value[key])}
        for key in _INLINE_ROWS
        if value.get(key)
    )


# --- one event -----------------------------------------------------------------------------


@dataclass
class Event:
    """What a describer gets: the stored event, and ways to say what happened."""

    event: object
    prepared: object = None
    sentence: str = ""
    changes: list = field(default_factory=list)

    @property
    def action(self) -> str:
        return self.event.action

    @property
    def before(self) -> dict:
        return self.event.before if isinstance(self.event.before, dict) else {}

    @property
    def after(self) -> dict:
        return self.event.after if isinstance(self.event.after, dict) else {}

    @property
    def actor(self) -> str:
        return actor_name(self.event)

    @property
    def target(self) -> str:
        return self.event.target_repr

    @property
    def model(self):
        """The target's model class, when it (still) exists."""
        return _model(self.event.target_type)

    def say(self, sentence, **values) -> None:
        self.sentence = str(sentence) % {"actor": self.actor, "target": self.target, **values}

    def change(self, label, before, after, render: Callable | None = None) -> None:
        """A line ``label: before → after`` (values through ``render`` or read generically)."""
        self.changes.append(
            Change(
                str(label),
                value_text(after, render=render),
                value_text(before, render=render),
                is_change=True,
            )
        )

    def note(self, label, value, render: Callable | None = None) -> None:
        """A line ``label: value``; nothing when there is no value."""
        if value in (None, "", [], {}):
            return
        self.changes.append(Change(str(label), value_text(value, render=render)))

    def field_changes(self, model=None, keys: Iterable | None = None, *, values=None) -> None:
        """Each key of before/after as a line, labelled by ``model``'s field (the target's
        model by default): before → after where both were recorded, else the value."""
        model = model or self.model
        renderers = {}
        if model is not None:
            renderers.update(_MODEL_VALUES.get(model._meta.label_lower, {}))
        renderers.update(values or {})
        before, after = self.before, self.after
        if keys is not None:
            names = list(keys)
        else:  # the model's order (the database keeps JSON keys in its own)
            names = sorted(dict.fromkeys([*after, *before]), key=_field_order(model))
        for name in names:
            if name not in before and name not in after:
                continue
            label = _field_label(model, name)
            model_field = _model_field(model, name)
            if model_field is not None and not model_field.concrete:
                model_field = None

            def show(value, name=name, model_field=model_field):
                if isinstance(value, dict) and set(value) <= set(_INLINE_ROWS):
                    return _inline_rows(value) or EMPTY
                return value_text(value, model_field, renderers.get(name))

            if name in before and name in after:
                if before[name] == after[name]:
                    continue  # recorded, but not changed
                self.changes.append(Change(label, show(after[name]), show(before[name]), True))
            else:
                self.changes.append(Change(label, show(after.get(name, before.get(name)))))


def actor_name(event) -> str:
    return str(event.actor) if event.actor_id else _("The system")


def _generic(event: Event) -> None:
    """A code nobody described: the admin's ``<model>.<verb>`` rows, or anything else."""
    model = event.model
    noun = model._meta.verbose_name if model is not None else _("object")
    verb = event.action.rpartition(".")[2]
    sentence = _VERBS.get(
        verb, gettext_lazy("%(actor)s recorded an event on the %(model)s “%(target)s”")
    )
    event.say(sentence, model=noun)
    event.field_changes(model)


def read(events: Iterable) -> list[Row]:
    """The rows a person reads for ``events`` (AuditEvents with their actor joined). Each
    code's ``prepare`` runs once for all its events, so the queries do not grow with rows."""
    events = list(events)
    by_action: dict[str, list] = {}
    for event in events:
        by_action.setdefault(event.action, []).append(event)
    prepared = {
        action: _TEXTS[action].prepare(group)
        for action, group in by_action.items()
        if action in _TEXTS and _TEXTS[action].prepare is not None
    }
    rows = []
    for stored in events:
        event = Event(stored, prepared.get(stored.action))
        text = _TEXTS.get(stored.action)
        (text.describe if text is not None else _generic)(event)
        rows.append(
            Row(
                when=stored.created_at,
                when_text=format_datetime(stored.created_at),
                who=event.actor,
                sentence=event.sentence,
                changes=tuple(event.changes),
            )
        )
    return rows


def sentence(stored_event) -> str:
    """One event's sentence (e.g. for a list of events, one per row)."""
    return read([stored_event])[0].sentence


# --- the portal's own codes -----------------------------------------------------------------


def _role(value) -> str:
    return lower_first(choice(Role)(value))


@describes("role.assigned")
def _role_assigned(event: Event) -> None:
    committee = event.after.get("committee")
    if committee:
        event.say(
            _("%(actor)s gave %(target)s the role %(role)s for %(committee)s"),
            role=_role(event.after.get("role")),
            committee=committee,
        )
    else:
        event.say(
            _("%(actor)s gave %(target)s the role %(role)s"), role=_role(event.after.get("role"))
        )


@describes("role.revoked")
def _role_revoked(event: Event) -> None:
    event.say(
        _("%(actor)s took the role %(role)s from %(target)s"),
        role=_role(event.before.get("role")),
    )
    event.note(_("Committee"), event.before.get("committee"))


register("user.password_set", gettext_lazy("%(actor)s set a new password for %(target)s"))
register(
    "notification.queued_again",
    gettext_lazy("%(actor)s queued the failed message “%(target)s” to be sent again"),
)
register(
    "gdpr.account_anonymised",
    gettext_lazy("The account was stripped of name and address at the person's own request"),
)
register(
    "retention.account_anonymised",
    gettext_lazy("The unused account was stripped of name and address (retention rules)"),
)

# The counts an account erasure records (portal.gdpr.erasure): the apps' erasure steps
# register a label for each count they add (``register_erased``), the portal's own last.
_ERASED: dict[str, object] = {}
_PORTAL_ERASED = {"notifications": gettext_lazy("Messages removed")}


def register_erased(key: str, label) -> None:
    """Label the count ``key`` an app's erasure step records (``{"invitations": 2}``) in
    the ``gdpr.erasure_requested`` row, e.g. ``_("Invitations removed")``."""
    _ERASED[key] = label


def unregister_erased(key: str) -> None:
    """Forget a count's label (tests that register one of their own)."""
    _ERASED.pop(key, None)


@describes("gdpr.erasure_requested")
def _erasure(event: Event) -> None:
    event.say(_("%(actor)s had their account erased"))
    for key, label in {**_ERASED, **_PORTAL_ERASED}.items():
        if key in event.after:
            event.note(label, str(event.after[key]))


_RETENTION = {
    "rejected_applications": gettext_lazy("Retention: rejected applications thinned out"),
    "old_drafts": gettext_lazy("Retention: old drafts removed"),
    "old_notifications": gettext_lazy("Retention: old messages removed"),
}


@describes(*(f"retention.{what}" for what in _RETENTION))
def _retention(event: Event) -> None:
    event.say(_RETENTION[event.action.partition(".")[2]])
    event.note(_("How many"), str(event.after.get("count", "")))
