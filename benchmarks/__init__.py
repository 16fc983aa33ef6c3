"""reflectkit's speed and memory benchmarks: ``python -m benchmarks`` (or ``make bench``)."""
