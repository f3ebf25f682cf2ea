"""Reading config.yaml safely: duplicate keys and alias bombs are errors, not silent surprises."""

from __future__ import annotations

from typing import Any

import yaml

MAX_NODES = 100_000
"""A config with more values than this once its aliases are expanded is refused (a 9-level alias bomb has 387 million)."""


class YamlProblem(ValueError):
    """What is wrong with the YAML, with its 1-based line when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _StrictLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: SafeLoader's own error says so
                break
            if first is not None:
                raise YamlProblem(f"duplicate key {key!r} (first at line {first})", line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """The YAML document in `text`; YamlProblem for duplicate keys or too many values after expansion."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_size(root: yaml.Node) -> None:
    """Count the values the document expands to, each shared (aliased) node counted once per use."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if depth > 200:
            raise YamlProblem("nested too deeply", node.start_mark.line + 1)
        sizes[id(node)] = 1  # a node inside itself (a recursive alias) counts once
        if isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        else:
            total = 1
        if total > MAX_NODES:
            raise YamlProblem(f"more than {MAX_NODES:,} values once its aliases are expanded "
                              f"(an alias bomb?)", node.start_mark.line + 1)
        sizes[id(node)] = total
        return total

    size(root, 0)
