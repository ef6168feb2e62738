"""Settings of the load benchmarks: the development settings (database and Redis from the
environment) without debug, serving ``bench.urls`` so that the reference view runs in the
same gunicorn process, behind the same middleware, as the pages it is compared with."""

from config.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
WHITENOISE_AUTOREFRESH = False  # as in production: static files are indexed once at start
# As in production: the second-factor rule for staff is on (the portal's members, who make the
# load, have no role and pass; it costs each of their requests what it costs in production).
REQUIRE_STAFF_MFA = True
