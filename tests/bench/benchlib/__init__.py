"""The parts of run-bench, the benchmark of libnss_iana.so.2; see README.md."""
