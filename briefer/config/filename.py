"""The config file's name, on its own so that naming it (in --help) loads no schema."""

CONFIG_FILENAME = "config.yaml"
