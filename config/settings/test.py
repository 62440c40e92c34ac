"""Tests: fast hashing, in-memory email, the database from DATABASE_URL or SQLite."""

import os
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, PASSWORD_HASHERS

# Argon2 stays first in production; tests hash with MD5 for speed but keep Argon2 verifiable.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# On SQLite the test database is a file, as the embedded default is in use: an in-memory
# database cannot show what concurrent writers do (WAL, busy timeout, immediate transactions).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"pcrs-test-{os.getpid()}.sqlite3")
    }

# One process: a cache in memory, cleared before every test (conftest). Tests that start
# several servers set PCRS_CACHE=database for them (tests/test_scale_out.py).
if "PCRS_CACHE" not in os.environ:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# WhiteNoise finds static files through the finders: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
