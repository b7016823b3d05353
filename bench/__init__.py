"""Benchmarks of opsplan; run them with ``python bench/run.py`` (see docs/benchmarks.md)."""
