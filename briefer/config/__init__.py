"""config.yaml: its typed schema (schema.py, its value types in values.py) and loading it with every
problem reported at once (loading.py).

Every field has a default, so an empty file (or none at all) is a valid config. Unknown keys are
errors: a typo must never be silently ignored.

The names below load on first use (PEP 562), so a command that only names the config file
(`briefer --help`) never builds the pydantic schema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .filename import CONFIG_FILENAME

if TYPE_CHECKING:
    from .loading import Overrides, config_timezone, default_config, find_config, load_config, now_in, parse_config
    from .schema import (
                          BriefingConfig,
                          Config,
                          EmailConfig,
                          FetchConfig,
                          LimitsConfig,
                          OtherNewsConfig,
                          OutputsConfig,
                          ScheduleConfig,
                          SourceConfig,
                          StoriesConfig,
                          Strict,
                          SummarizerConfig,
                          ThemeConfig,
                          TimeZoneName,
    )

_LOADING = {"Overrides", "config_timezone", "default_config", "find_config", "load_config", "now_in", "parse_config"}

__all__ = ["CONFIG_FILENAME", "BriefingConfig", "Config", "EmailConfig", "FetchConfig", "LimitsConfig",
           "OtherNewsConfig", "OutputsConfig", "Overrides", "ScheduleConfig", "SourceConfig", "StoriesConfig",
           "Strict", "SummarizerConfig", "ThemeConfig", "TimeZoneName", "config_timezone", "default_config",
           "find_config", "load_config", "now_in", "parse_config"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{'loading' if name in _LOADING else 'schema'}", __name__)
    value = getattr(module, name)
    globals()[name] = value  # looked up once
    return value
