"""Data generators and benchmarks for Partsdesk (not run by the test suite)."""
