"""Typed domain errors that views and the API turn into clear messages."""

from __future__ import annotations

from django.http import Http404

# The one answer for "does not exist" and "not yours", byte for byte, in pages and the API.
NOT_VISIBLE = "No pledge matches the given query."


class DomainError(Exception):
    """A request the domain refuses; the message is shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentChangeError(DomainError):
    """The record changed after the user loaded it; nothing was applied."""


class NotVisible(DomainError, Http404):
    """The object does not exist or the actor may not see it: the same 404 for both.

    A domain error like the others (services raise it, never an HTTP error); it is also an
    Http404 so that Django's pages answer 404 without each view catching it, and the API's
    error handler maps it to the same 404 before it would treat it as a 400 DomainError.
    """

    def __init__(self, message: str = NOT_VISIBLE) -> None:
        super().__init__(message)
