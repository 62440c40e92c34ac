"""The demo as production serves it (`make demo`), on 127.0.0.1 over plain HTTP.

DEBUG off, the project's own 404/500/503 pages, static files by WhiteNoise after collectstatic,
granian and the task worker (scripts/serve). Unlike production.py it accepts the demo key and
no TLS, since it only listens on the loopback address.
"""

from config.settings.base import *  # noqa: F403

DEBUG = False
