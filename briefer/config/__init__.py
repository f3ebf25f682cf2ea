"""config.yaml: its typed schema (schema.py, its value types in values.py) and loading it with every
problem reported at once (loading.py).

Every field has a default, so an empty file (or none at all) is a valid config. Unknown keys are
errors: a typo must never be silently ignored.
"""

from __future__ import annotations

from .loading import Overrides, config_timezone, default_config, find_config, load_config, now_in, parse_config
from .schema import (
                      CONFIG_FILENAME,
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

__all__ = ["CONFIG_FILENAME", "BriefingConfig", "Config", "EmailConfig", "FetchConfig", "LimitsConfig",
           "OtherNewsConfig", "OutputsConfig", "Overrides", "ScheduleConfig", "SourceConfig", "StoriesConfig",
           "Strict", "SummarizerConfig", "ThemeConfig", "TimeZoneName", "config_timezone", "default_config",
           "find_config", "load_config", "now_in", "parse_config"]
