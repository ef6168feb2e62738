"""Helpers of the hostile-URL walk (test_hostile_urls): every URL pattern as a template whose
parameters can be filled with anything, and what a page offers a client to send -- the query
parameters of its links and GET forms, and the fields of its POST forms -- read from the HTML.
"""

import inspect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

from django.contrib.admin.views import main as admin_changelist
from django.urls import Resolver404, resolve
from django.utils import timezone

from tests.security.matrix_urls import url_patterns

# A path parameter, a query parameter or a form field as a hostile client may send it:
# a NUL (PostgreSQL cannot hold one), text where a number belongs, a negative number, a
# decimal, a number too big for any integer column, and a very long string.
NUL = "\x00"
HUGE = "9" * 20
LONG = "x" * 5000
FORM_VALUES = [NUL, "abc", "-1", "1.5", HUGE, LONG]
QUERY_VALUES = [NUL, "abc", "-1", HUGE, LONG]
# In the path also numbers an int converter takes but no row has: 0, a 32-bit overflow.
PATH_VALUES = [*FORM_VALUES, "0", "2147483648"]
# For a year (in the path, a query or a form) also years out of range, a 16-bit overflow.
HOSTILE_YEARS = ["0", "1899", "32768", "99999"]
# On the admin's pages (many, and Django's code for most of what they read) the kinds of
# value its code tells apart: a filter gets no 5,000 characters (a string that matches no
# row, as "abc" is); a form all hostile no "abc" (not a number, as "1.5" is, which a
# decimal takes); its change-list parameters a NUL, no number and one too big for an id; a
# field's id or choice alone a NUL (for a text key) and a negative number (a number, but no
# row's; the all-hostile post brings the one too big).
ADMIN_QUERY_VALUES = [NUL, "abc", "-1", HUGE]
ADMIN_FORM_VALUES = [NUL, "-1", "1.5", HUGE, LONG]
ADMIN_VALUES = [NUL, "abc", HUGE]
ADMIN_CHOICE_VALUES = [NUL, "-1"]
# A formset's management form (row counts): Django checks it, and builds at most its
# ``absolute_max`` rows for any count (over a second a request): a NUL and a negative
# count, each alone; in the all-fields-hostile post the counts stay as the page had them.
MANAGEMENT_FIELD = re.compile(r"-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
MANAGEMENT_VALUES = [NUL, "-1"]


def hostile_values(name: str, values: list[str]) -> list[str]:
    """``values``, and for a parameter or field that holds a year also years out of range."""
    if "year" in name:
        values = [*values, *HOSTILE_YEARS, str(timezone.localdate().year + 2)]
    return list(dict.fromkeys(values))


_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")

# The admin's own query parameters of a change list (search, order, page, all, popup...),
# which a page shows only in some states (a page number only with many rows).
ADMIN_LIST_PARAMETERS = sorted(
    getattr(admin_changelist, name)
    for name in dir(admin_changelist)
    if name.endswith("_VAR") or name == "ERROR_FLAG"
)
ADMIN_FORM_PARAMETERS = ["_changelist_filters", "_popup", "_to_field"]
_SOURCE_PARAMETER = re.compile(r"request\.GET(?:\.get|\.getlist)?[(\[]\s*[\"']([\w-]+)[\"']")


def route_templates() -> dict[str, tuple[str, list[str]]]:
    """Matrix key -> (path template with ``%(name)s`` for each parameter, the parameters)."""
    templates = {}
    for key, route in url_patterns().items():
        names = _REGEX_GROUP.findall(route) + _CONVERTER.findall(_REGEX_GROUP.sub("", route))
        template = _CONVERTER.sub(r"%(\1)s", _REGEX_GROUP.sub(r"%(\1)s", route))
        template = template.replace("^", "").replace("$", "")
        templates[key] = ("/" + template, names)
    return templates


def fill(template: str, valid: dict, name: str, value: str) -> str:
    """The path with parameter ``name`` set to ``value`` (percent-encoded, so a NUL or a
    slash travels as such) and the others to their ``valid`` values."""
    values = {k: str(v) for k, v in valid.items()}
    values[name] = quote(value, safe="")
    return template % values


def key_of(path: str, keys) -> str | None:
    """The matrix key of the URL pattern that answers ``path`` (None if none does)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name:
        return match.view_name
    route = match.route
    return route if route in keys else None


def source_parameters(path: str) -> set[str]:
    """Query parameters the view's own code reads by name (``request.GET.get("sida")``)."""
    try:
        view = inspect.unwrap(resolve(path).func)
        source = inspect.getsource(view)
    except (Resolver404, OSError, TypeError):
        return set()
    return set(_SOURCE_PARAMETER.findall(source))


@dataclass
class Form:
    method: str
    action: str
    fields: list = field(default_factory=list)  # (name, kind, value, chosen)

    def data(self) -> dict[str, list[str]]:
        """What a browser sends unchanged: values, checked boxes, chosen options (the first
        option, or the first radio button, when none is chosen), the first named button."""
        data: dict[str, list[str]] = {}
        radios: dict[str, str] = {}
        button = False
        for name, kind, value, chosen in self.fields:
            if kind == "file":
                continue
            if kind in ("submit", "button", "image"):
                if not button:
                    data.setdefault(name, []).append(value)
                    button = True
            elif kind == "radio":
                if chosen or name not in radios:
                    radios[name] = value
            elif kind == "checkbox":
                if chosen:
                    data.setdefault(name, []).append(value)
            else:
                data.setdefault(name, []).append(value)
        for name, value in radios.items():
            data[name] = [value]
        return data

    def names(self) -> list[str]:
        names = []
        for name, kind, _value, _chosen in self.fields:
            if kind not in ("file", "submit", "button", "image") and name not in names:
                names.append(name)
        return names


class PageParser(HTMLParser):
    """Links and forms of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._multiple = False
        self._options: list = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = Form(attrs.get("method", "get").lower(), attrs.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or (not attrs.get("name") and tag != "option"):
            return
        elif tag in ("input", "button"):
            kind = attrs.get("type", "text" if tag == "input" else "submit").lower()
            default = "on" if kind in ("checkbox", "radio") else ""
            value = attrs.get("value", default)
            self._form.fields.append((attrs["name"], kind, value, "checked" in attrs))
        elif tag == "select":
            self._select, self._options = attrs["name"], []
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs}
            self._options.append(self._option)
            self._text = []
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            if self._option["value"] is None:
                self._option["value"] = "".join(self._text).strip()
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = [o["value"] for o in self._options if o["selected"]]
            if not chosen and self._options and not self._multiple:
                chosen = [self._options[0]["value"]]
            for value in chosen:
                self._form.fields.append((self._select, "select", value, True))
            if not chosen:
                self._form.fields.append((self._select, "select-none", "", False))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, "textarea", "".join(self._text), True))
            self._textarea = None


@dataclass
class Offered:
    """What the pages offer, per matrix key: query parameters, and POST forms."""

    query: dict = field(default_factory=dict)  # key -> set of parameter names
    forms: dict = field(default_factory=dict)  # key -> {field names: (action URL, Form)}

    def read(self, page_url: str, html: str, keys) -> dict[str, str]:
        """Take in what the page offers; return its links without a query, by their key."""
        parser = PageParser()
        try:
            parser.feed(html)
        except AssertionError:  # a page html.parser cannot read: nothing offered from it
            return {}
        links: dict[str, str] = {}  # the first link to another object of each kind
        for href in parser.links:
            url = urljoin(page_url, href)
            key = self._query(url, keys)
            path = urlsplit(url).path
            if key is not None and not urlsplit(url).query and path != keys[key]:
                links.setdefault(key, path)
        for form in parser.forms:
            url = urljoin(page_url, form.action or page_url)
            if form.method == "post":
                key = _local_key(url, keys)
                if key is not None:
                    names = tuple(sorted(form.names()))
                    self.forms.setdefault(key, {}).setdefault(names, (url, form))
            else:
                key = self._query(url, keys)
                if key is not None:
                    self.query.setdefault(key, set()).update(form.names())
        return links

    def _query(self, url: str, keys) -> str | None:
        key = _local_key(url, keys)
        if key is not None:
            names = {name for name, _value in parse_qsl(urlsplit(url).query, True)}
            self.query.setdefault(key, set()).update(names)
        return key


def _local_key(url: str, keys) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    return key_of(parts.path, keys)
