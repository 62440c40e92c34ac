"""Docstring examples are part of the documentation: they must stay true."""

import doctest
import importlib

import pytest

MODULES = [
    "budget",
    "candidates",
    "cli",
    "constraints",
    "diagnose",
    "errors",
    "explain",
    "gap",
    "generate",
    "greedy",
    "instance",
    "local",
    "mip",
    "model",
    "params",
    "result",
    "scenario",
    "scoring",
    "solve",
    "validate",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    module = importlib.import_module(f"pcrs.engine.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
