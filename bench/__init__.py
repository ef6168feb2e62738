"""Benchmarks: `make bench` (python -m bench). Measured here, never in timed tests."""
