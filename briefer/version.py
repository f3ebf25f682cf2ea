"""The version of briefer (one place: the package root, the CLI and the User-Agent read it)."""

__version__ = "0.1.0"
