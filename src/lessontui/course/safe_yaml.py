"""YAML from a shared course, parsed with bounds: size, and what aliases expand to.

A few hundred bytes of nested anchors (`&a [*b, *b, ...]`, the "billion laughs")
expand to billions of values for anyone who walks the result: a JSON encoder,
`==`, `str()`. So before a header is turned into Python values its node graph
is measured as if every alias were expanded, and refused past MAX_NODES (or
when an alias refers to itself). libyaml already refuses nesting deeper than
1,000 levels.
"""

from __future__ import annotations

from functools import cache
from typing import Any

MAX_HEADER_BYTES = 1 << 20  # 1 MiB of front matter: far past 1,000 chapters
MAX_NODES = 100_000  # values after expanding aliases


class YamlBoundError(ValueError):
    """The YAML is refused: too large, aliases that expand too far, or a value that
    cannot be built (a 5,000-digit number, a month 13)."""


@cache
def loader() -> type:
    try:  # libyaml is ten times faster on a 1,000-lesson course
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as Loader  # type: ignore[assignment]
    return Loader


def check_size(text: str) -> None:
    if len(text) > MAX_HEADER_BYTES // 4 and len(text.encode("utf-8", "replace")) > (
        MAX_HEADER_BYTES
    ):
        size = len(text.encode("utf-8", "replace")) / (1 << 20)
        raise YamlBoundError(
            f"front matter too large ({size:.1f} MiB; the limit is {MAX_HEADER_BYTES >> 20} MiB)"
        )


def load(text: str) -> Any:
    """`yaml.safe_load(text)` within the bounds; YamlBoundError past them.

    Raises yaml.YAMLError for text that does not parse.
    """
    check_size(text)
    parser = loader()(text)
    try:
        node = parser.get_single_node()
        if node is None:
            return None
        if "*" in text:  # without an alias nothing can expand
            _check_expansion(node)
        try:
            return parser.construct_document(node)
        except (ValueError, TypeError, OverflowError, RecursionError) as error:
            # Not YAMLErrors: PyYAML lets them through from int(), date() and friends.
            raise YamlBoundError(f"front matter has a value that cannot be read: {error}") from None
    finally:
        parser.dispose()


def _children(node: Any) -> list[Any]:
    value = node.value
    if not isinstance(value, list):
        return []  # a scalar
    if value and isinstance(value[0], tuple):  # a mapping: (key, value) pairs
        return [part for pair in value for part in pair]
    return value


def _check_expansion(root: Any) -> None:
    """Count the nodes of the graph with every alias expanded, without expanding it."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > MAX_NODES:
                raise YamlBoundError(
                    f"front matter aliases expand to more than {MAX_NODES:,} values "
                    "(refused: a YAML alias bomb?)"
                )
            sizes[key] = total
            open_nodes.discard(key)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlBoundError("front matter has an alias that contains itself (refused)")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
