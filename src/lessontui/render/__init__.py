"""The Markdown preview engine: block splitting, per-block rendering and caching (no Textual)."""
