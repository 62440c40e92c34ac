"""Typed domain errors that views and the API turn into clear messages."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses; the message is shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentChangeError(DomainError):
    """The record changed after the user loaded it; nothing was applied."""
