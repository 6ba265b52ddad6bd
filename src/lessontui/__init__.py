"""lessontui: watch video courses, take Markdown notes, publish what you learned."""

__version__ = "0.1.0"
