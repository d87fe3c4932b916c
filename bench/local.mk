# bench/: the benchmark (make bench); never part of make check.
