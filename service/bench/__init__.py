"""The benchmarks' baseline route, mounted only when ``ACCREDO_BENCH_ENDPOINTS=1``."""
