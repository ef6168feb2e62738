"""Following and alert settings: a person chooses what they follow in a municipality and
how often they hear of it; one click on the link in an alert stops the alerts (the follows
stay, so the person can resume them). Each change is audited.

The one-click link carries a signed token (django.core.signing) naming the person and the
municipality: it needs no login, and a token that was changed or forged is refused."""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.models import AlertSetting, Follow
from outreach.selectors import follows as selectors
from portal import announcements
from portal.links import absolute_reverse
from portal.models import Municipality, User
from portal.services import audit_record

F = AlertSetting.Frequency
TOKEN_SALT = "outreach.alerts.unsubscribe"  # noqa: S105 (a salt, not a password)


def _authenticated(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied


def _names(municipality, wanted: dict[str, set[int]]) -> dict[str, list[str]]:
    """The names of what is followed, for the audit trail (a query per kind followed)."""
    found = {}
    for name, ids in wanted.items():
        if ids:
            found[name] = sorted(
                str(o) for o in selectors.CHOICES[name](municipality).filter(pk__in=ids)
            )
    return found


def follow_problems(*, municipality, data: dict) -> dict:
    """What is wrong with ``data`` for the follows page, per field (empty: nothing)."""
    problems = {}
    messages = {
        "focus_areas": _("Choose the municipality's own focus areas."),
        "districts": _("Choose the municipality's own districts."),
        "networks": _("Choose among the municipality's public networks."),
        "organisations": _("Choose among the organisations in the municipality's directory."),
    }
    for name, message in messages.items():
        ids = {getattr(v, "pk", v) for v in data.get(name) or ()}
        if ids and selectors.CHOICES[name](municipality).filter(pk__in=ids).count() != len(ids):
            problems[name] = message
    if "frequency" in data and data["frequency"] not in F.values:
        problems["frequency"] = _("Choose how often you want to hear of news.")
    if "kinds" in data:
        kinds = list(data["kinds"] or ())
        if any(kind not in announcements.KINDS for kind in kinds):
            problems["kinds"] = _("Choose among the kinds of news listed.")
        elif not kinds:
            problems["kinds"] = _(
                "Choose at least one kind of news, or choose to pause the alerts."
            )
    return problems


def _setting(user, municipality) -> AlertSetting:
    setting, _created = AlertSetting.objects.select_for_update().get_or_create(
        user=user, municipality=municipality
    )
    return setting


@transaction.atomic
def follows_save(*, user, municipality, data: dict) -> AlertSetting:
    """Set what ``user`` follows in ``municipality`` and how they hear of it, from cleaned
    ``data``: the page's lists (``selectors.FIELDS``: objects or ids, the whole choice),
    ``frequency`` and ``kinds``. Returns the alert setting."""
    _authenticated(user)
    problems = follow_problems(municipality=municipality, data=data)
    if problems:
        raise ValidationError(problems)
    setting = _setting(user, municipality)
    before_ids = selectors.followed_ids(user, municipality)
    wanted = {
        name: {getattr(v, "pk", v) for v in data.get(name) or ()}
        if name in data
        else before_ids[name]
        for name in selectors.FIELDS
    }
    for name, column in selectors.FIELDS.items():
        gone = before_ids[name] - wanted[name]
        if gone:
            Follow.objects.filter(user=user, **{f"{column}_id__in": gone}).delete()
    Follow.objects.bulk_create(
        [
            Follow(user=user, municipality=municipality, **{f"{column}_id": pk})
            for name, column in selectors.FIELDS.items()
            for pk in sorted(wanted[name] - before_ids[name])
        ],
        ignore_conflicts=True,
    )
    before = {"frequency": setting.frequency, "kinds": list(setting.kinds)}
    setting.frequency = data.get("frequency", setting.frequency)
    setting.kinds = [k for k in announcements.KINDS if k in data.get("kinds", setting.kinds)]
    setting.save()
    if before_ids != wanted or before != {"frequency": setting.frequency,
                                          "kinds": setting.kinds}:  # fmt: skip
        audit_record(
            actor=user,
            action="follows.changed",
            target=setting,
            municipality=municipality,
            before={**before, **_names(municipality, before_ids)},
            after={
                "frequency": setting.frequency,
                "kinds": setting.kinds,
                **_names(municipality, wanted),
            },
        )
    return setting


@transaction.atomic
def follow_set(*, user, obj, following: bool) -> bool:
    """Start (``following``) or stop following one focus area, district, public network or
    listed organisation (the button on its page); returns whether anything changed. The
    first follow in a municipality creates the alert setting with its defaults."""
    _authenticated(user)
    column = selectors.target_name(obj)
    if column is None:
        raise ValidationError(_("This cannot be followed."))
    municipality = obj.municipality
    if not selectors.followable(column, municipality).filter(pk=obj.pk).exists():
        raise ValidationError(_("This cannot be followed."))
    setting = _setting(user, municipality)  # the lock makes two clicks at once one change
    mine = Follow.objects.filter(user=user, **{column: obj})
    changed = following != mine.exists()
    if changed and following:
        Follow.objects.create(user=user, municipality=municipality, **{column: obj})
    elif changed:
        mine.delete()
    if changed:
        audit_record(
            actor=user,
            action="follows.changed",
            target=setting,
            municipality=municipality,
            before={} if following else {"stopped": [str(obj)]},
            after={"started": [str(obj)]} if following else {},
        )
    return changed


# --- the one-click unsubscribe ------------------------------------------------------------


def unsubscribe_token(user_id: int, municipality_id: int) -> str:
    return signing.dumps({"u": user_id, "m": municipality_id}, salt=TOKEN_SALT)


def unsubscribe_url(user_id: int, municipality_id: int) -> str:
    """The absolute one-click address that stops the person's alerts from the municipality."""
    token = unsubscribe_token(user_id, municipality_id)
    return absolute_reverse("outreach:alerts_stop", args=[token])


def token_read(token: str) -> tuple[User, Municipality]:
    """The person and the municipality of a one-click token; ``signing.BadSignature`` for
    a token that was changed, forged, or names nobody (any more)."""
    data = signing.loads(token, salt=TOKEN_SALT)
    if not isinstance(data, dict):
        raise signing.BadSignature("Not a token of ours.")
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    municipality = Municipality.objects.filter(pk=data.get("m")).first()
    if user is None or municipality is None:
        raise signing.BadSignature("The token names nobody.")
    return user, municipality


@transaction.atomic
def alerts_stop(*, user, municipality) -> AlertSetting:
    """Stop the person's alerts and digests from ``municipality`` (the one-click link):
    the setting is paused, the follows are kept so they can resume. Audited; stopping
    alerts already stopped changes nothing."""
    setting = _setting(user, municipality)
    if setting.frequency == F.PAUSED:
        return setting
    before = setting.frequency
    setting.frequency = F.PAUSED
    setting.save(update_fields=["frequency", "updated_at"])
    audit_record(
        actor=user,
        action="alerts.unsubscribed",
        target=setting,
        municipality=municipality,
        before={"frequency": before},
        after={"frequency": setting.frequency},
    )
    return setting
