"""The one rule for links from sources: only a plain http(s) URL is a link.

No whitespace, quotes, angle brackets, backticks or control characters, so that it can never leave
an HTML attribute or a Markdown link target; javascript:, data:, vbscript: and the like are dropped.
Sources apply it when they load an article, and templates again when they render one.
"""

from __future__ import annotations

import re
from typing import Any

_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]+$",
                       re.IGNORECASE)


def safe_url(url: Any) -> str | None:
    """The URL, stripped, when it is a plain http(s) link; else None."""
    if isinstance(url, str) and _SAFE_URL.match(url.strip()):
        return url.strip()
    return None
