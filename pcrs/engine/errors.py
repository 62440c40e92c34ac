"""Errors the engine raises on bad input.

A scenario is data written by people (or exported by the web app), so every error names the
place in the JSON that is wrong, the way a compiler names a line: ``pledges[12].personnel``.
"""

from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario breaks the schema or refers to something that does not exist.

    ``path`` is the JSON path of the offending value (``pledges[12].personnel``), ``message``
    says what is wrong with it in words.

    >>> str(ScenarioError("pledges[0].personnel", "must be at least 1, got -5"))
    'pledges[0].personnel: must be at least 1, got -5'
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message
