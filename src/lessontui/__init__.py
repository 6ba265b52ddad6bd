"""lessontui: watch video courses, take Markdown notes, publish what you learned."""


def __getattr__(name: str) -> str:
    # One source for the version, pyproject.toml, read from the installed package's
    # metadata only when asked (importlib.metadata is not loaded at start-up).
    if name == "__version__":
        from importlib.metadata import version

        return version("lessontui")
    raise AttributeError(f"module 'lessontui' has no attribute {name!r}")
