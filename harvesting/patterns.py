"""Validation of include/exclude patterns with a French message saying what to fix."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def pattern_errors(text: str | list[str]) -> list[str]:
    """French sentences, one per pattern of ``text`` (one per line) that is not a valid
    regular expression; empty when all are valid."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    errors = []
    for number, raw in enumerate(lines, start=1):
        pattern = raw.strip() if isinstance(raw, str) else raw
        if not pattern or (isinstance(pattern, str) and pattern.startswith("#")):
            continue
        if not isinstance(pattern, str):
            errors.append(_("Ligne %(n)d : un motif doit être un texte.") % {"n": number})
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(
                _(
                    "Ligne %(n)d : « %(pattern)s » n'est pas une expression régulière valide "
                    "(%(error)s). Échappez les caractères spéciaux avec \\ (par exemple \\? ou "
                    "\\.), ou fermez les parenthèses et crochets ouverts."
                )
                % {"n": number, "pattern": pattern, "error": _regex_error(exc)}
            )
    return errors


def validate_patterns(text: str) -> None:
    errors = pattern_errors(text or "")
    if errors:
        raise ValidationError(errors)


def _regex_error(exc: re.error) -> str:
    """The regex error in French for the common cases, else Python's message."""
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    known = {
        "missing ), unterminated subpattern": _("parenthèse ouverte jamais fermée"),
        "unbalanced parenthesis": _("parenthèse fermée sans parenthèse ouvrante"),
        "unterminated character set": _("crochet ouvert jamais fermé"),
        "nothing to repeat": _("*, + ou ? ne suit rien à répéter"),
        "multiple repeat": _("deux répétitions à la suite (par exemple ** ou ++)"),
    }
    position = f", position {exc.pos + 1}" if getattr(exc, "pos", None) is not None else ""
    return known.get(message, message) + position
