"""`make bench`: run every benchmark module and print its figures.

Figures are ratios and rates measured in one run on this machine; they are printed,
never asserted (shared machines are noisy).
"""

from __future__ import annotations

import importlib
import time

MODULES = (
    "bench.client",
    "bench.runtime",
    "bench.sdk",
    "bench.sandbox",
    "bench.sandbox_vs_prism",
    "bench.engines",
    "bench.fuzz",
)


def main() -> None:
    for name in MODULES:
        print(f"== {name}")
        started = time.perf_counter()
        importlib.import_module(name).main()
        print(f"   ({time.perf_counter() - started:.1f} s)\n")


if __name__ == "__main__":
    main()
