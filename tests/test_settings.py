"""Yes/no settings as they arrive from config.yaml (booleans) and `--config KEY=VALUE`
(strings: Snakemake parses only True/False)."""

from __future__ import annotations

import pytest

from zhpress.settings import flag


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("true", True), ("false", False), ("False", False),
    ("no", False), ("yes", True), ("0", False), (1, True), (0, False), (" Off ", False),
])
def test_flag(value, expected):
    assert flag(value, "worker") is expected


def test_a_value_that_is_neither_is_refused_with_the_key():
    with pytest.raises(ValueError, match="worker='maybe'"):
        flag("maybe", "worker")
