"""Text from outside (file names, URLs, server headers, article text) made safe for a terminal or a log.

A file named with an escape sequence could recolour or clear a terminal, and one holding a newline
could print a fake "briefer: error: ..." line. Messages built from such text go through `printable`,
and every log handler briefer sets up formats through `PrintableFormatter`, which does the same.
"""

from __future__ import annotations

import logging
import re

# C0 and C1 controls (newlines and tabs too: a message is one line), DEL, the Unicode direction
# embeddings, overrides and isolates, line and paragraph separators, and lone surrogates (the
# undecodable bytes of a file name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` as one printable line: each control character written as an escape such as \\x1b."""
    return _UNPRINTABLE.sub(_escape, str(text))


class PrintableFormatter(logging.Formatter):
    """A logging formatter whose message part is always one printable line (tracebacks stay as they are)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = printable(record.message)
        return super().formatMessage(record)
