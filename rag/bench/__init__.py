"""Benchmarks that print measured figures (`python -m rag bench ...`); never asserted in tests."""
