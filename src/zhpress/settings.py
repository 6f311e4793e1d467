"""Reading the build's settings (config.yaml, `snakemake --config KEY=VALUE`)."""

from __future__ import annotations

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
