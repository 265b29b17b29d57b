"""Benchmark harness for Tender Board (see bench/README.md)."""
