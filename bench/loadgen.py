"""Load on one URL for a number of seconds: wrk when it is installed (or ``BENCH_WRK`` names
it), otherwise a small Python generator. ``BENCH_LOAD_TOOL=python`` forces the latter.

The Python generator keeps one keep-alive connection (http.client) per client thread and
spreads the threads over a few processes so that the client is not limited to one GIL; on
a small machine it still takes CPU from the server, so wrk gives the truer figures.
Run as ``python -m bench.loadgen --worker ...`` it is one of those processes."""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %.3f %.3f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass
class Result:
    tool: str
    requests: int  # answered requests, errors included (as wrk counts them)
    seconds: float
    median_ms: float
    p95_ms: float
    errors: int  # non-2xx/3xx answers, failed connections, timeouts

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def tool() -> str:
    """The path of wrk, or "python"."""
    if os.environ.get("BENCH_LOAD_TOOL") == "python":
        return "python"
    return os.environ.get("BENCH_WRK") or shutil.which("wrk") or "python"


def measure(url: str, *, connections: int, seconds: float) -> Result:
    if tool() == "python":
        return _python(url, connections, seconds)
    return _wrk(tool(), url, connections, seconds)


def _wrk(wrk: str, url: str, connections: int, seconds: float) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        threads = max(1, min(2, connections))
        output = subprocess.run(  # noqa: S603 - wrk with our own arguments
            [wrk, "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
             "--timeout", "30s", "-s", script.name, url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, duration_us, median, p95, errors = line.split()[1:]
    return Result("wrk", int(requests), int(duration_us) / 1e6, float(median), float(p95),
                  int(errors))  # fmt: skip


def _python(url: str, connections: int, seconds: float) -> Result:
    """Start the worker processes together at a common moment and merge what they measured."""
    processes = max(1, min(connections, os.cpu_count() or 1, 4))
    start_at = time.time() + 1.0  # every process has started its threads by then
    workers = []
    for index in range(processes):
        threads = connections // processes + (index < connections % processes)
        command = [sys.executable, "-m", "bench.loadgen", "--worker", url, str(threads),
                   str(seconds), str(start_at)]  # fmt: skip
        workers.append(
            subprocess.Popen(  # noqa: S603 - our own interpreter and module
                command, cwd=BASE_DIR, stdout=subprocess.PIPE, text=True
            )
        )
    latencies, errors, durations = [], 0, []
    for worker in workers:
        output, _ = worker.communicate()
        if worker.returncode:
            raise RuntimeError(f"load generator process failed ({worker.returncode})")
        data = json.loads(output)
        latencies += data["latencies"]
        errors += data["errors"]
        durations.append(data["seconds"])
    return _summary("python", latencies, errors, max(durations))


def _summary(name: str, latencies: list[float], errors: int, seconds: float) -> Result:
    latencies.sort()
    if not latencies:
        return Result(name, 0, seconds, 0.0, 0.0, errors)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    return Result(name, len(latencies), seconds, statistics.median(latencies), p95, errors)


def _client(host, port, path, start_at, stop_at, latencies, errors):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    time.sleep(max(0.0, start_at - time.time()))
    while time.time() < stop_at:
        start = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            failed = response.status >= 400
            if response.will_close:
                connection.close()  # reconnects on the next request
        except (OSError, http.client.HTTPException):
            failed = True
            connection.close()
        latencies.append((time.perf_counter() - start) * 1000)
        if failed:
            errors.append(1)
    connection.close()


def _worker(url: str, threads: int, seconds: float, start_at: float) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors = [], []
    stop_at = start_at + seconds
    clients = [
        threading.Thread(
            target=_client,
            args=(parts.hostname, parts.port, path, start_at, stop_at, latencies, errors),
        )
        for _ in range(threads)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    elapsed = max(seconds, time.time() - start_at)  # the last answers come after stop_at
    json.dump({"latencies": latencies, "errors": len(errors), "seconds": elapsed}, sys.stdout)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", nargs=4, metavar=("URL", "THREADS", "SECONDS", "START_AT"))
    arguments = parser.parse_args()
    if not arguments.worker:
        parser.error("--worker is required; use bench.loadgen.measure() from Python")
    url, threads, seconds, start_at = arguments.worker
    _worker(url, int(threads), float(seconds), float(start_at))
