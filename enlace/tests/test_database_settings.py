"""Database connections in production: kept open between requests and checked before reuse."""

import os
import subprocess
import sys

from django.conf import settings


def _settings_of(environment: dict) -> str:
    """The default database's connection settings as a fresh process with ``environment`` reads them."""
    code = "import enlace.settings as s; d = s.DATABASES['default'];print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    env = {key: value for key, value in os.environ.items() if key != "DB_CONN_MAX_AGE"} | environment
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def test_connections_persist_and_are_health_checked_by_default():
    assert _settings_of({"DATABASE_URL": "postgres://enlace@127.0.0.1:5432/enlace"}).split() == ["600", "True"]


def test_db_conn_max_age_sets_how_long_a_connection_lives():
    assert _settings_of({"DB_CONN_MAX_AGE": "0"}).split() == ["0", "True"]


def test_the_running_settings_check_connections_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
