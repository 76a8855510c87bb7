"""The Great Expectations quality gate: suites live under `expectations/`, built at run time."""
