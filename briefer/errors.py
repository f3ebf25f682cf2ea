"""The errors briefer reports to its users: each carries a message fit to print as it is.

BrieferError                 the command line prints its message and exits with its exit_code
├── UsageError               a wrong option or path on the command line (exit 2)
├── ConfigError              config.yaml missing, unreadable or invalid (exit 2)
├── SourceError              one file, folder, feed or page could not be read
├── RenderError              a template failed
├── ArchiveError             an earlier briefing in output_dir is not readable as one
├── StoreError               the store cannot be opened, or is from a newer briefer
├── NoArticlesError          no source gave any article
├── AlreadyRunningError      another `briefer schedule` holds the data_dir lock
└── DeliveryError            written, but the email could not be sent

(sources/http.py's FetchError is internal to fetching: a source turns it into a Problem or a SourceError.)
"""

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


class ArchiveError(BrieferError):
    """An earlier briefing file (briefer/archive.py) cannot be read as a briefing."""


class StoreError(BrieferError):
    """The store file cannot be opened or was written by a newer briefer."""


class NoArticlesError(BrieferError):
    """A run found no article at all, so there is nothing to brief."""


class AlreadyRunningError(BrieferError):
    """Another `briefer schedule` already holds the lock in the same data_dir."""


class DeliveryError(BrieferError):
    """The briefing was written but could not be delivered (the SMTP server refused or was unreachable)."""
