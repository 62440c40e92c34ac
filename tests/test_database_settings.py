"""The settings that bound connections and follow the served address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from config.database import database_settings

ROOT = Path(__file__).resolve().parent.parent


def test_postgresql_connections_come_from_a_bounded_checked_pool():
    config = database_settings("postgres://u@db:5432/pcrs", conn_max_age=60, pool_max_size=4)
    assert config["CONN_MAX_AGE"] == 0  # no connection outlives its request
    assert config["CONN_HEALTH_CHECKS"] is True
    pool = config["OPTIONS"]["pool"]
    assert pool["max_size"] == 4
    assert pool["timeout"] > 0
    assert callable(pool["check"])


def test_postgresql_pool_can_be_turned_off_for_pgbouncer():
    config = database_settings("postgres://u@db:5432/pcrs", pool_max_size=0)
    assert "pool" not in config["OPTIONS"]
    assert config["CONN_MAX_AGE"] == 0


def test_sqlite_takes_writers_in_turn():
    options = database_settings("sqlite:////tmp/x.sqlite3", sqlite_busy_timeout=7)["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 7
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout=7000" in options["init_command"]


def test_e_mail_links_follow_the_port_being_served():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(PORT="8123", DJANGO_SETTINGS_MODULE="config.settings.demo")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "http://127.0.0.1:8123"
    env["SITE_URL"] = "https://pcrs.example.org"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "https://pcrs.example.org"


def test_served_settings_share_one_cache_between_processes():
    """The demo (and production) keep the rate-limit counters where every app server sees
    them; tests/test_scale_out.py shows the limit holding across two servers."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "PCRS_CACHE"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.demo")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    env["PCRS_CACHE"] = "memcached"
    refused = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert "PCRS_CACHE must be one of" in refused.stderr
