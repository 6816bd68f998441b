"""Benchmarks: run with `make bench`; each prints its figures, measured in the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Median wall time of `repeat` runs (seconds), and the last result."""
    times = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def report(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"\n== {title}")
    for key, value in rows:
        print(f"   {key:<{width}}  {value}")
