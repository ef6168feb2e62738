"""Several machines on one: web servers and a Celery worker in subprocesses with the
production settings, each with a var/ directory of its own, sharing only PostgreSQL, Redis and
a media directory (what a mounted volume or an object store is to real machines); and a
person's browser that speaks HTTP to them as the TLS proxy in front of them would.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import requests
from django.conf import settings

from tests.security.throwaway_servers import environment, free_port, wait_until

BASE_DIR = Path(settings.BASE_DIR)
SECRET_KEY = "several-machines-" + "k" * 50  # one key for every machine: sessions, tokens


def portal_environment(*, var_dir: Path, **shared: str) -> dict:
    """The environment of one machine: production settings, its own var/, the shared rest."""
    return environment(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SAMVERKAN_VAR_DIR=str(var_dir),
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        **shared,
    )


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """Quick shutdown (gunicorn and Celery both take SIGQUIT so): the test is over."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGQUIT)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(10)


def start(name: str, command: list[str], env: dict, log: Path, port: int | None = None):
    with log.open("wb") as out:
        popen = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return Process(name, popen, log, port)


def start_web(name: str, env: dict, log: Path) -> Process:
    """gunicorn, one process with a few threads (enough for one person at a time)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application",
               "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "gthread",
               "--threads", "4", "--timeout", "60"]  # fmt: skip
    return start(name, command, env, log, port)


def start_worker(env: dict, log: Path, queue: str) -> Process:
    """A Celery worker on its own queue; started without waiting for other workers."""
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info",
               "-Q", queue, "-n", f"{queue}@%h", "--pool", "solo",
               "--without-mingle", "--without-gossip"]  # fmt: skip
    return start("worker", command, env, log)


def wait_until_serving(server: Process, seconds: float = 90) -> None:
    def answers() -> bool:
        if server.popen.poll() is not None:
            raise AssertionError(f"{server.name} stopped:\n{server.output()[-3000:]}")
        try:
            return requests.get(server.base + "/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    wait_until(answers, seconds, f"{server.name} answering /healthz")


class Browser:
    """One person's browser. One cookie jar for every machine (the load balancer in front
    sends each request to either), and each request marked as having come through the TLS
    proxy. The production cookies are Secure; a browser would not send them over the plain
    HTTP the test speaks, so this one keeps them itself (requests would drop them)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def _send(self, method: str, server: Process, path: str, **kwargs) -> requests.Response:
        origin = f"https://127.0.0.1:{server.port}"
        headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, server.base + path, headers=headers, allow_redirects=False, timeout=120,
            **kwargs,
        )  # fmt: skip
        self.cookies.update({cookie.name: cookie.value for cookie in response.cookies})
        return response

    def get(self, server: Process, path: str) -> requests.Response:
        """A page, following redirects on the same machine."""
        for _hop in range(10):
            response = self._send("GET", server, path)
            if response.status_code not in (301, 302, 303, 307, 308):
                return response
            path = response.headers["Location"]
            assert path.startswith("/"), path
        raise AssertionError(f"too many redirects from {path}")

    def post(self, server: Process, path: str, data, files=None) -> requests.Response:
        """A form's post, with the CSRF token the page's cookie holds; not redirected."""
        token = self.cookies.get("csrftoken")
        assert token, "no CSRF cookie yet: get a page with a form first"
        return self._send(
            "POST", server, path, data={**data, "csrfmiddlewaretoken": token}, files=files
        )


@dataclass
class Form:
    action: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)

    def values(self, **changes: str) -> dict:
        """The form as the browser would post it untouched, with ``changes`` made."""
        data: dict[str, str] = {}
        for name, value in self.fields:
            data.setdefault(name, value)
        return {**data, **changes}


class _FormParser(HTMLParser):
    """The forms of a page and what they post as they stand: inputs, checked boxes and
    radios, the selected (or first) option of each select, textareas."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=attrs.get("action", "")))
        if not self.forms or ("name" not in attrs and tag in {"input", "select", "textarea"}):
            return
        fields = self.forms[-1].fields
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._first_option, self._selected = attrs["name"], None, False
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs and not self._selected:
                fields.append((self._select, value))
                self._selected = True
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            if not self._selected and self._first_option is not None:
                self.forms[-1].fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def wait_for(check, seconds: float, what: str, every: float = 0.2):
    """``check()``'s first truthy value within ``seconds``; fails saying ``what``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what} did not happen within {seconds} s")
