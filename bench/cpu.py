"""Where a load benchmark's CPU goes: the CPU seconds that this process (the benchmark's own
client), the web server under test, PostgreSQL and Redis used between two snapshots, read
from /proc (Linux). On a quiet machine these add up to nearly all of the cores' busy time,
so a figure per request says which side to make cheaper; a process that ends between the
snapshots is not counted."""

import os
from collections import Counter
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
GROUPS = ("benchmark client", "web server", "PostgreSQL", "Redis", "other")


def _stat(pid: int) -> tuple[str, int, float] | None:
    """(command name, parent pid, CPU seconds) of one process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    # after the name: state, ppid, …; utime and stime are the 12th and 13th of these
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def snapshot(server_pid: int | None) -> Counter:
    """CPU seconds so far per group; the web server is ``server_pid`` and its children."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))):
            stats[int(entry.name)] = stat
    used = Counter()
    for pid, (name, parent, seconds) in stats.items():
        if pid == os.getpid():
            group = "benchmark client"
        elif server_pid is not None and server_pid in (pid, parent):
            group = "web server"
        elif name.startswith("postgres"):
            group = "PostgreSQL"
        elif name.startswith("redis"):
            group = "Redis"
        else:
            group = "other"
        used[group] += seconds
    return used


def per_request(before: Counter, after: Counter, requests: int) -> dict[str, float]:
    """Milliseconds of CPU per request in each group between two snapshots."""
    return {
        group: max(0.0, after[group] - before[group]) * 1000 / max(requests, 1) for group in GROUPS
    }


def describe(costs: dict[str, float]) -> str:
    total = sum(costs.values())
    parts = ", ".join(f"{group} {ms:.1f}" for group, ms in costs.items())
    return f"{total:.1f} ms of CPU a request: {parts}"
