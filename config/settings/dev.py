"""Local development (`make dev`): DEBUG on, console email, static files straight from static/."""

from config.settings.base import *  # noqa: F403

DEBUG = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
