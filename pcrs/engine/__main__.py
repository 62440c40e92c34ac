"""``python -m pcrs.engine``: see :mod:`pcrs.engine.cli`."""

from pcrs.engine.cli import main

raise SystemExit(main())
