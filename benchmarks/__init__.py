"""Benchmarks for the preview engine and the editor: `python -m benchmarks`."""
