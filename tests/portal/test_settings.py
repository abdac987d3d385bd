import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import cache_config, database_config, env_bool

BASE_DIR = Path(__file__).resolve().parents[2]


def test_sqlite_url_gets_wal_immediate_transactions_and_busy_timeout():
    """The development database must not fail with "database is locked"."""
    config = database_config("sqlite:////tmp/portal-test.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/portal-test.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_postgres_url_is_parsed_into_psycopg_settings():
    """A PostgreSQL DATABASE_URL becomes psycopg settings, with health checks."""
    config = database_config("postgres://editor:s%40cret@db.internal:5433/portal")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("editor", "s@cret")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "portal")
    assert config["CONN_HEALTH_CHECKS"] is True
    assert "OPTIONS" not in config or "transaction_mode" not in config["OPTIONS"]


def test_redis_url_switches_to_djangos_redis_backend():
    """REDIS_URL switches the cache to Django's Redis backend."""
    assert cache_config("")["default"]["BACKEND"].endswith("LocMemCache")
    redis = cache_config("redis://127.0.0.1:6379/1")["default"]
    assert redis["BACKEND"] == "portal.cache.FailSoftRedisCache"  # Django's, failing soft
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_boolean_variables_reject_nonsense(monkeypatch):
    """Boolean variables accept on/off words and refuse anything else."""
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")
    monkeypatch.setenv("SOME_FLAG", "off")
    assert env_bool("SOME_FLAG", True) is False


def _manage(*args, env):
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "PYTEST_VERSION",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    """Production settings pass check --deploy without warnings."""
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": "x7!kq2-production-like-secret-" + "a9Z" * 20,
            "ALLOWED_HOSTS": "www.example.org",
            "CSRF_TRUSTED_ORIGINS": "https://www.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    """Production refuses to start without SECRET_KEY."""
    result = _manage(
        "check", env={"DEBUG": "0", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_media_goes_to_object_storage_when_a_bucket_is_named(monkeypatch):
    """MEDIA_S3_BUCKET puts public media in object storage, with stable public URLs."""
    from config.settings import media_storage_config

    assert media_storage_config("")["BACKEND"].endswith("FileSystemStorage")
    monkeypatch.setenv("MEDIA_S3_ENDPOINT_URL", "https://oss.example.com")
    monkeypatch.setenv("MEDIA_S3_CUSTOM_DOMAIN", "media.example.org")
    config = media_storage_config("portal-media")
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "portal-media"
    assert options["endpoint_url"] == "https://oss.example.com"
    assert options["custom_domain"] == "media.example.org"
    assert options["file_overwrite"] is False and options["querystring_auth"] is False
