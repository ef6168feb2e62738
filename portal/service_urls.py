"""Addresses of PostgreSQL and Redis: URLs to and from connection parameters.

A server listens on TCP (host and port) or on a Unix socket (a directory for PostgreSQL, a
file for Redis). In a database URL a socket directory is percent-encoded into the host part
(``postgres://postgres@%2Fsrv%2Fpg/samverkan``, as libpq reads it); in Django's settings it
is a plain path. Redis spells a socket ``unix:///srv/redis.sock?db=1``, Celery (kombu)
``redis+socket:///srv/redis.sock?virtual_host=1``. Every conversion between these forms goes
through this module, so both kinds of address work wherever one is passed on.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import environ

SOCKET_PREFIXES = ("unix://", "redis+socket://")


def parse_database_url(url: str) -> dict:
    """Django's database settings for ``url``; a percent-encoded socket host becomes a path."""
    config = environ.Env.db_url_config(url)
    config["HOST"] = unquote(config.get("HOST") or "")
    return config


def database_url(settings: Mapping, name: str | None = None) -> str:
    """The URL of Django database ``settings`` (optionally for another database ``name``).

    The inverse of :func:`parse_database_url`: ``parse_database_url(database_url(s))`` gives
    back the user, password, host, port and name of ``s``.
    """
    user = quote(settings.get("USER") or "", safe="")
    password = quote(str(settings.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or ""
    # A socket directory (an absolute path) is one percent-encoded host; a TCP host is
    # written as it is, IPv6 in brackets.
    if host.startswith("/"):
        host = quote(host, safe="")
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = settings.get("PORT")
    address = f"{host}:{port}" if port else host
    database = quote(name or settings.get("NAME") or "", safe="")
    return f"postgres://{credentials}{address}/{database}"


def is_socket_url(redis_url: str) -> bool:
    return redis_url.startswith(SOCKET_PREFIXES)


def redis_socket_path(redis_url: str) -> str | None:
    """The socket file of a Unix-socket Redis URL, or None for a TCP one."""
    if not is_socket_url(redis_url):
        return None
    return unquote(urlsplit(redis_url).path)


def redis_database(redis_url: str) -> int:
    """The database number a Redis URL names (``/1`` for TCP, ``?db=1`` for a socket)."""
    parts = urlsplit(redis_url)
    query = dict(parse_qsl(parts.query))
    if is_socket_url(redis_url):
        return int(query.get("db") or query.get("virtual_host") or 0)
    path = parts.path.strip("/")
    return int(query.get("db") or path or 0)


def redis_url_with_database(redis_url: str, database: int) -> str:
    """``redis_url`` pointed at another database number, in the same spelling."""
    parts = urlsplit(redis_url)
    query = dict(parse_qsl(parts.query))
    if is_socket_url(redis_url):
        key = "virtual_host" if parts.scheme == "redis+socket" else "db"
        query.pop("db", None)
        query.pop("virtual_host", None)
        query[key] = str(database)
        return _socket_url(parts.scheme, parts.path, query)
    query.pop("db", None)
    return parts._replace(path=f"/{database}", query=urlencode(query)).geturl()


def celery_broker_url(redis_url: str) -> str:
    """Celery/kombu spell a Unix-socket Redis URL ``redis+socket://`` and its database
    ``virtual_host``; a TCP URL is used as it is."""
    if not redis_url.startswith("unix://"):
        return redis_url
    parts = urlsplit(redis_url)
    query = dict(parse_qsl(parts.query))
    if "db" in query:
        query["virtual_host"] = query.pop("db")
    return _socket_url("redis+socket", parts.path, query)


def _socket_url(scheme: str, path: str, query: dict) -> str:
    # urllib would drop the empty authority ("unix:/path"), which Redis and kombu misread.
    return f"{scheme}://{path}" + (f"?{urlencode(query)}" if query else "")
