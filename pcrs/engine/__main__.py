"""``python -m pcrs.engine``: see :mod:`pcrs.engine.cli`."""

from pcrs.engine.cli import run

raise SystemExit(run())
