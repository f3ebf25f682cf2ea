"""The value types of config.yaml's settings, each checked where it is read (briefer/config/schema.py
uses them): a time zone, a language, a path, and the strict base every section builds on."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

log = logging.getLogger(__name__)


def _known_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"an IANA time zone name such as Europe/London, not {value!r}") from None
    return value


TimeZoneName = Annotated[str, AfterValidator(_known_zone)]
"""An IANA time zone name such as Europe/London, checked against the zone database."""


def _known_language(value: str) -> str:
    from ..languages import AUTO, language_code  # the registry: 25 ms, paid by commands that load a config

    if value.strip().lower() == AUTO:
        return AUTO
    try:
        language_code(value)
    except LookupError as exc:  # UnknownLanguage: pydantic reports ValueErrors under the key's name
        raise ValueError(str(exc)) from None
    return value


LanguageSetting = Annotated[str, AfterValidator(_known_language)]
"""A language as a user writes it: an ISO 639-1 code or an English name (de, german), or "auto"; a
config error naming the key for anything else. Kept as written; briefer.languages.language_code
turns it into the code."""


def _no_nul(value: Any) -> Any:
    if value is not None and "\0" in str(value):
        raise ValueError("a path without a NUL character (\\0)")
    return value


PathSetting = Annotated[Path, AfterValidator(_no_nul)]
"""A file or folder path; a NUL in it (which no file system takes) is a config error naming the key."""
PathText = Annotated[str, AfterValidator(_no_nul)]
"""A path kept as written (a source's path or OPML file), checked like PathSetting."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    retired: ClassVar[dict[str, str]] = {}
    """Keys no longer used -> one warning naming what replaced them; they are dropped, so old configs load."""

    @model_validator(mode="before")
    @classmethod
    def _drop_retired(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key in [k for k in value if k in cls.retired]:
                value = {k: v for k, v in value.items() if k != key}
                log.warning("config: %s", cls.retired[key])
        return value
