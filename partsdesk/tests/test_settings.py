import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def clean_environ() -> dict[str, str]:
    # A browser test in the same run may have allowed async-unsafe ORM calls for itself.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_environ(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_SECRET = "kq3#Vt9!pZ2@wL8^rN5&yB1*hM6(cX4)jF7_sD0+gA2=eU9-oI3" * 2


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="partsdesk.settings_production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="shop.example.com",
        PAYMENT_PROVIDER="yookassa",
        YOOKASSA_SHOP_ID="123456",
        YOOKASSA_SECRET_KEY="live_secret",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_the_sandbox_payment_provider_unless_allowed():
    production = {
        "DJANGO_SETTINGS_MODULE": "partsdesk.settings_production",
        "SECRET_KEY": PRODUCTION_SECRET,
        "ALLOWED_HOSTS": "shop.example.com",
        "PAYMENT_PROVIDER": "sandbox",
    }
    refused = run_manage("check", **production)
    allowed = run_manage("check", **production, ALLOW_SANDBOX_PAYMENTS="1")
    assert refused.returncode != 0
    assert "customers approve their own payments" in refused.stderr
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_production_settings_refuse_a_missing_secret_key():
    env = {k: v for k, v in clean_environ().items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "partsdesk.settings_production",
            "ALLOWED_HOSTS": "a",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_sqlite_runs_in_wal_with_immediate_transactions(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_database_url_selects_postgresql_with_psycopg3():
    config = dj_database_url.parse("postgres://shop:pw@db.internal:5433/partsdesk")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "partsdesk")
    import psycopg

    assert psycopg.__version__.startswith("3.")


def test_celery_runs_eagerly_without_a_broker():
    from partsdesk.celery import app

    assert settings.CELERY_BROKER_URL == "memory://"
    assert app.conf.task_always_eager is True


def test_migrations_match_the_models():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_send_a_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_session_and_csrf_cookies_are_http_only():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_postgresql_runs_searches_without_parallel_workers(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
