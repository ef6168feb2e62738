"""What the services share: reading values, the municipality's own choices, the record of
what changed."""

from django.utils.translation import gettext as _

from information import richtext
from information.fields import RichTextField


def own(municipality_id, value) -> bool:
    return value is None or getattr(value, "municipality_id", None) == municipality_id


def all_own(municipality_id, values) -> bool:
    return all(own(municipality_id, value) for value in values or ())


def values_of(obj, data: dict, fields, many=()) -> dict:
    """The row's values after ``data`` (the current ones where data has none)."""
    current = {}
    if obj is not None:
        current = {name: getattr(obj, name) for name in fields}
        if obj.pk:
            current |= {name: list(getattr(obj, name).all()) for name in many}
    return current | {k: v for k, v in data.items() if k in (*fields, *many)}


def tidy(values: dict, rich=(), text=()) -> dict:
    """Rich text sanitised, plain text stripped."""
    for name in rich:
        if name in values:
            values[name] = richtext.clean(values[name] or "")
    for name in text:
        if name in values and isinstance(values[name], str):
            values[name] = values[name].strip()
    return values


def require_text(problems: dict, values: dict, name: str, message: str) -> None:
    if not (values.get(name) or "").strip():
        problems[name] = message


def require_swedish_title(problems, values):
    require_text(problems, values, "title_sv", _("Write the title in Swedish."))


def plain(value):
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _recorded(obj, name, value):
    """A value for the audit trail: rich text as its words (shortened), not its HTML."""
    if isinstance(obj._meta.get_field(name), RichTextField):
        words = richtext.plain(value or "")
        return words if len(words) <= 300 else words[:299] + "…"
    return plain(value)


def apply(obj, values: dict, fields, many=()) -> tuple[dict, dict]:
    """Set the changed ``fields`` on ``obj`` and save them, then the many-to-many ones;
    returns (before, after) of what changed."""
    before, after, changed = {}, {}, []
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            before[name] = _recorded(obj, name, getattr(obj, name))
            after[name] = _recorded(obj, name, values[name])
            setattr(obj, name, values[name])
            changed.append(name)
    if changed:
        obj.full_clean(exclude=list(many))
        obj.save(update_fields=[*changed, "updated_at"])
    for name in many:
        if name not in values:
            continue
        old, new = list(getattr(obj, name).all()), list(values[name] or [])
        if {o.pk for o in old} != {n.pk for n in new}:
            getattr(obj, name).set(new)
            before[name], after[name] = plain(old), plain(new)
    return before, after


def create(model, values: dict, fields, many=(), **extra):
    obj = model(**{name: values[name] for name in fields if name in values}, **extra)
    obj.full_clean(exclude=list(many))
    obj.save()
    for name in many:
        getattr(obj, name).set(values.get(name) or [])
    return obj


def summary_of(values: dict, fields) -> dict:
    return {name: plain(values.get(name)) for name in fields if values.get(name) not in (None, "")}
