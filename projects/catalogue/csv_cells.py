"""CSV cells that a spreadsheet never runs as a formula (OWASP "CSV Injection").

Harvested text is hostile: a title ``=HYPERLINK("http://…","Cliquez")`` exported as is becomes
a live formula in Excel or LibreOffice. Every CSV the platform writes (``/projets/export.csv``,
``export_projects --format csv``, the trends CSV) passes its cells through
:func:`csv_neutralise`, which prefixes a cell starting with ``= + - @``, a tab or a carriage
return (also after leading spaces, and their full-width forms) with a single quote, as OWASP
advises. A cell that is a plain number (``-3``, ``+33``, ``-1,5``) stays as it is, so figures
remain figures.
"""

from __future__ import annotations

import re

from projects.html import strip_controls

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")


def csv_neutralise(value):
    """``value`` safe as a CSV cell: strings that could start a formula get a leading ``'``
    (control characters, which no spreadsheet shows, are dropped first)."""
    if not isinstance(value, str) or not value:
        return value
    value = strip_controls(value)
    if value.lstrip(" ").startswith(_TRIGGERS) and not _NUMBER.match(value):
        return "'" + value
    return value


def csv_row(row):
    """A CSV row (a dict or a sequence) with every cell neutralised."""
    if isinstance(row, dict):
        return {key: csv_neutralise(value) for key, value in row.items()}
    return [csv_neutralise(value) for value in row]
