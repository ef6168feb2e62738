"""The printed table of the load benchmarks when one runs on its own
(``python -m bench.throughput``); ``python -m bench`` prints them in its own tables."""

HEADER = f"{'load benchmark':<24}{'requests':>10}{'median ms':>11}{'p95 ms':>9}{'req/s':>9}"
HEADER += f"{'x ref':>8}{'errors':>8}"


def print_table(rows: list[tuple]) -> None:
    """Rows are (name, requests, median ms, p95 ms, requests per second, ratio to the
    reference or "-", errors)."""
    print(f"\n{HEADER}")
    for name, count, median, p95, rate, ratio, errors in rows:
        ratio = f"{ratio:.2f}" if isinstance(ratio, float) else ratio
        print(f"{name:<24}{count:>10}{median:>11.1f}{p95:>9.1f}{rate:>9.1f}{ratio:>8}{errors:>8}")
