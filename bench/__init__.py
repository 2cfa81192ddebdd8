"""Benchmarks: `make bench` prints every figure. Each module has a `main()` that prints its own."""
