"""The one date policy of every output: dates come from the source, never from the clock.

A document's date is the date its source states (front matter `date`, ISO 8601: YYYY, YYYY-MM or
YYYY-MM-DD). Where the source states none, SOURCE_DATE_EPOCH (reproducible-builds.org: seconds
since 1970) stands in for it; where neither is set, formats that must carry a date use
1980-01-01, the zip epoch. Setting SOURCE_DATE_EPOCH therefore never changes the bytes of a
dated document, so it never adds an archive edition for unchanged text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping

#: The date of a document that states none, where a format requires one.
EPOCH_FALLBACK = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """SOURCE_DATE_EPOCH as an integer, or None when unset or not a number."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def stated_date_problem(stated: str) -> str | None:
    """Why a front matter `date` written as an ISO date is not one (`2024-13-45`), or None.
    Other text (`2023年2月`) is kept as written and simply gives no date."""
    m = _ISO.fullmatch(stated.strip())
    if not m:
        return None
    year, month, day = (int(x) if x else 1 for x in m.groups())
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        return (f"the front matter date {stated!r} is not a calendar date ({exc}); write it as "
                "YYYY-MM-DD, e.g. 2024-02-21")
    return None


def document_date(stated: str | None, epoch: int | None) -> dt.datetime | None:
    """The document's date: the one its source states, else `epoch`, else None."""
    m = _ISO.match(stated or "")
    if m:
        year, month, day = (int(x) if x else 1 for x in m.groups())
        try:
            return dt.datetime(year, month, day, tzinfo=dt.UTC)
        except ValueError:
            pass
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC)
    return None


def document_date_or_fallback(stated: str | None, epoch: int | None) -> dt.datetime:
    """As :func:`document_date`, with 1980-01-01 where nothing gives a date."""
    return document_date(stated, epoch) or EPOCH_FALLBACK
