"""Tests: fast hashing, in-memory email, the database from DATABASE_URL or SQLite."""

from config.settings.base import *  # noqa: F403
from config.settings.base import PASSWORD_HASHERS

# Argon2 stays first in production; tests hash with MD5 for speed but keep Argon2 verifiable.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
