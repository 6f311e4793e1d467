"""The build's settings (config.yaml, `snakemake --config KEY=VALUE`), checked at the edge.

`check_config` runs in the Snakefile before any job: an unknown key, theme or format stops the
run with one line naming the key and the allowed values; the schema (config.schema.yaml) also
gives every key its default, which Snakemake's `validate()` fills in.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import yaml

CONFIG_SCHEMA = str(Path(__file__).with_name("config.schema.yaml"))
FLAGS = ("docx_page_numbers", "worker")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def flag(value: object, key: str) -> bool:
    """A yes/no setting. `--config worker=false` arrives as the string "false" (Snakemake
    parses only True/False as booleans), which Python's bool() would take for yes."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"config {key}={value!r}: use true or false")


def config_problem(config: dict[str, Any]) -> str | None:
    """One line naming what is wrong with `config` and what is allowed, or None. Turns the yes/no
    keys given as text into booleans, in place."""
    import jsonschema

    from zhpress.errors import BadInput
    from zhpress.style.theme import available_themes, load_theme

    schema = yaml.safe_load(Path(CONFIG_SCHEMA).read_text(encoding="utf-8"))
    keys = schema["properties"]
    for key in config:
        if key not in keys:
            return f"unknown key {key!r}; the keys are {', '.join(keys)}"
    for key in FLAGS:
        if key in config:
            try:
                config[key] = flag(config[key], key)
            except ValueError:
                return f"{key}={config[key]!r}: use true or false"
    if isinstance(config.get("formats"), str):  # --config formats=pdf
        config["formats"] = [config["formats"]]
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(config))
    if error is not None:
        key = ".".join(str(p) for p in error.absolute_path) or "config"
        allowed = keys.get(str(error.absolute_path[0]), {}) if error.absolute_path else {}
        enum = allowed.get("items", {}).get("enum") or allowed.get("enum")
        hint = f"; allowed: {', '.join(map(str, enum))}" if enum else ""
        return f"{key}: {error.message}{hint}"
    theme = config.get("theme", keys["theme"]["default"])
    themes = available_themes()
    if theme not in themes:
        return f"theme {theme!r} does not exist; allowed: {', '.join(themes)}"
    try:  # a broken theme stops the run here, not in every PDF, DOCX and EPUB job
        load_theme(theme)
    except BadInput as exc:
        return str(exc)
    return None


def check_config(config: dict[str, Any]) -> None:
    """Stop the run (exit 1, one line on stderr) when `config` is not valid."""
    problem = config_problem(config)
    if problem:
        _stop(f"zhpress: config: {problem} (config.yaml or --config)")


def _stop(line: str) -> NoReturn:
    print(line, file=sys.stderr)
    sys.stderr.flush()
    # os._exit: a SystemExit raised while Snakemake reads the Snakefile is printed with a
    # traceback; the line above is the whole message.
    import os

    os._exit(1)
