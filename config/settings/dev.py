"""The demo and local development: DEBUG on, console email."""

from config.settings.base import *  # noqa: F403

DEBUG = True
