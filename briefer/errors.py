"""The errors briefer reports to its users: each carries a message fit to print as it is."""

from __future__ import annotations


class BrieferError(Exception):
    """Base of every error the command line turns into a one-line message and an exit code."""

    exit_code = 1


class UsageError(BrieferError):
    """The command line was used wrongly (bad option value, missing path)."""

    exit_code = 2


class ConfigError(BrieferError):
    """config.yaml is missing, unreadable or invalid; the message names every wrong key."""

    exit_code = 2


class SourceError(BrieferError):
    """One source (file, folder, feed, page) could not be read."""


class RenderError(BrieferError):
    """A template failed to render."""


class NoArticlesError(BrieferError):
    """A run found no article at all, so there is nothing to brief."""


class AlreadyRunningError(BrieferError):
    """Another `briefer schedule` already holds the lock in the same data_dir."""


class DeliveryError(BrieferError):
    """The briefing was written but could not be delivered (the SMTP server refused or was unreachable)."""
