"""Run the whole portal for development: migrate, demo data, web + Celery worker + beat.

The embedded PostgreSQL/Redis (when their URLs are unset) are started by the settings of
this process and shared with the children through DATABASE_URL/REDIS_URL. Ctrl-C stops all
three children and then the embedded servers this process started.
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from devtools import demo_data as demo
from devtools.embedded import release_services
from portal.reminders import run_all

# At most WEB_WORKERS x WEB_THREADS requests run at once, each thread keeping one database
# connection (CONN_MAX_AGE); further requests wait in the listen queue.
WEB_WORKERS = 2
WEB_THREADS = 8


class Command(BaseCommand):
    help = "Migrate, load demo data and run web server, Celery worker and beat together."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("PORTAL_ADDR", "127.0.0.1:8000"))
        parser.add_argument("--no-demo", action="store_true", help="Skip loading demo data.")

    def handle(self, *args, **options):
        try:
            self.prepare(demo_data=not options["no_demo"])
        except BaseException:
            release_services()  # a failed migration must not leave the embedded Redis running
            raise
        # Children get their own session, so Ctrl-C reaches only this process, which then
        # stops them in order; SIGTERM (e.g. from a process manager) does the same.
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        processes = {}
        failed = False
        try:
            for name, command in self.commands(options["addr"]).items():
                processes[name] = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
                    command, env=os.environ.copy(), start_new_session=True
                )
            self.banner(options["addr"])
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            stopped = [n for n, p in processes.items() if p.poll() is not None]
            self.stderr.write(f"Stopped unexpectedly: {', '.join(stopped)}; stopping the rest.")
            failed = True
        except KeyboardInterrupt:
            self.stdout.write("\nStopping web, worker and beat …")
        finally:
            # A second Ctrl-C while stopping must not leave children or Redis behind.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            _stop(processes.values())
            release_services()
        self.stdout.write("Stopped.")
        if failed:
            sys.exit(1)

    def prepare(self, *, demo_data: bool) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if demo_data:
            call_command("seed_demo", verbosity=0)
            # Today's reminders at once (beat runs them daily at 07:00); the worker sends them.
            counts = run_all()
            self.stdout.write(f"Reminders queued today: {sum(counts.values())}")
        connections.close_all()  # the children open their own

    @staticmethod
    def commands(addr: str) -> dict[str, list[str]]:
        """Web, worker and beat. The web server is gunicorn with a fixed number of threads
        (Django's runserver starts a thread, and so a database connection, per request:
        a burst of parallel requests ran PostgreSQL out of connections)."""
        python = sys.executable
        return {
            "web": [python, "-m", "gunicorn", "config.wsgi:application", "--bind", addr,
                    "--worker-class", "gthread", "--workers", str(WEB_WORKERS),
                    "--threads", str(WEB_THREADS), "--graceful-timeout", "10",
                    "--timeout", "120", "--access-logfile", "-"],
            "worker": [python, "-m", "celery", "-A", "config", "worker", "-l", "info",
                       "--concurrency", "2", "-Q", "samverkan"],
            "beat": [python, "-m", "celery", "-A", "config", "beat", "-l", "info"],
        }  # fmt: skip

    def banner(self, addr):
        line = "-" * 64
        self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Samverkan runs at http://{addr}/"))
        self.stdout.write(f"  English:  http://{addr}/en/")
        self.stdout.write(f"  Admin:    http://{addr}/admin/")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        self.stdout.write(f"  {demo.SUPERUSER[0]:<32} portal administrator")
        for email, _name, municipality, role, committee in demo.STAFF:
            scope = f"{municipality}/{committee}" if committee else municipality
            self.stdout.write(f"  {email:<32} {role} ({scope})")
        self.stdout.write(f"  {demo.ASSOCIATION_MEMBER[0]:<32} association member")
        self.stdout.write("Press Ctrl-C to stop web, worker and beat.")
        self.stdout.write(line)


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(processes) -> None:
    """SIGTERM to each (gunicorn and Celery shut down gracefully), SIGKILL after 15 s."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
