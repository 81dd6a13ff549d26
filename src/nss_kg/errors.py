"""The errors nss-kg raises: each carries a one-line message meant for the user, and the CLI's exit code."""

from __future__ import annotations


class NssKgError(Exception):
    """Base of every error nss-kg reports to a user; ``str()`` is one line."""

    exit_code = 2


class InputError(NssKgError):
    """A file or value the user gave cannot be used (missing, unreadable, malformed)."""


class QueryError(NssKgError):
    """An unknown query, a malformed query text, or a query that may not run here."""


class ParameterError(NssKgError):
    """A query parameter is unknown, missing, ill-typed or outside its allowed values."""


class EndpointError(NssKgError):
    """A remote SPARQL endpoint refused, timed out, failed or answered something that is not SPARQL."""

    exit_code = 3
