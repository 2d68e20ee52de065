"""Errors the client raises on purpose (bad arguments raise ValueError/TypeError)."""


class LoupeError(Exception):
    """A Loupe operation failed for a reason the message explains."""


class SchemaTooNewError(LoupeError):
    """The workspace database was written by a newer Loupe; nothing was written to it."""
