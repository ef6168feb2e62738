"""gunicorn on loopback for the load benchmarks, and the Django set-up that lets a benchmark
module run on its own (``python -m bench.throughput``)."""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def django_setup() -> None:
    """What bench/__main__ does before its imports; harmless when Django is already set up."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DEBUG", "false")
    django.setup()


def demo_data_ensure() -> None:
    """Load the demo data when the database holds no municipality but the benchmarks' own."""
    from django.core.management import call_command

    from portal.models import Municipality

    if not Municipality.objects.exclude(slug__startswith="bench-").exists():
        call_command("seed_demo", verbosity=0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn serving ``bench.settings`` (the portal plus /bench/minimal) on a free
    loopback port, started and stopped by a ``with`` block. Its log goes to a temporary file
    that is shown when the server fails to start."""

    def __init__(self, *, workers: int, threads: int):
        self.workers, self.threads = workers, threads
        self.port = free_port()

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def __enter__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "false"}
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"{HOST}:{self.port}",
            "--worker-class", "gthread",
            "--workers", str(self.workers),
            "--threads", str(self.threads),
            "--keep-alive", "5",
            "--backlog", "2048",
            "--reuse-port",  # the kernel spreads connections evenly over the workers
            "--timeout", "120",
            "--graceful-timeout", "10",
            "--log-level", "info",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _booted_workers(self) -> int:
        return Path(self.log.name).read_text(errors="replace").count("Booting worker with pid")

    def _wait_until_ready(self, timeout: float = 90) -> None:
        """Every worker booted and the minimal view answering."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"gunicorn exited ({code}):\n{self.log_tail()}")
            if self._booted_workers() >= self.workers and self.status("/bench/minimal") == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not get ready in {timeout:.0f} s:\n{self.log_tail()}")

    def status(self, path: str) -> int | None:
        """The status of one GET (None when the server does not answer)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status
        except OSError:
            return None
        finally:
            connection.close()

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return False
