"""Platform benchmarks: ``python -m bench.bench_throughput``, ``.bench_latency``, ``.bench_idle``."""
