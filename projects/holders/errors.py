"""Errors of the holders' services: ``str(error)`` is a sentence for the member."""


class HolderError(Exception):
    """A refused claim, edit or message; ``str(error)`` is a sentence for the member."""

    status = 403


class ContactRateLimited(HolderError):
    """Too many messages in the last hour."""

    status = 429
