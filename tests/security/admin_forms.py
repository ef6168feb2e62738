"""Post an admin change form back as the browser would: the values it shows, with changes."""

from datetime import date, datetime, time

from django.urls import reverse


def _text(value):
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def form_data(form, changes) -> dict:
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        bound = form[name]
        value = changes.get(name, bound.value())
        widget = getattr(field.widget, "widget", field.widget)  # the admin's related wrapper
        if hasattr(widget, "widgets"):  # split date and time
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = _text(part)
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [_text(v) for v in value]
        else:
            data[bound.html_name] = _text(value)
    return data


def admin_change(client, obj, **changes):
    """GET the object's change page, POST it back with ``changes``; the response."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = form_data(page.context["adminform"].form, changes)
    for formset in page.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[management[name].html_name] = _text(management[name].value())
        for form in formset.formset.forms:
            data.update(form_data(form, {}))
    response = client.post(url, data)
    if response.status_code != 302:
        errors = response.context["adminform"].form.errors if response.context else ""
        raise AssertionError(f"not saved ({response.status_code}): {errors}")
    return response
