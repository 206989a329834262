"""With production settings, `manage.py check --deploy` finds nothing to warn about."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def _run(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python with production settings; keyword arguments override the environment."""
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production must not.
    dropped = ("SECURE_", "DATABASE_", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    clean.update(
        DJANGO_SETTINGS_MODULE="plakats.settings",
        PLAKATS_VAR_DIR=str(tmp_path),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="plakats.example.org",
        PLAKATS_HTTPS="true",
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_passes_the_deployment_check_with_production_settings(tmp_path):
    result = _run(tmp_path, *DEPLOY_CHECK)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_it_fails_the_deployment_check_without_https(tmp_path):
    result = _run(tmp_path, *DEPLOY_CHECK, PLAKATS_HTTPS="false")

    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_it_turns_on_https_redirect_and_a_year_of_hsts_in_production(tmp_path):
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT,s.SECURE_HSTS_SECONDS,s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        "s.SESSION_COOKIE_SECURE,s.CSRF_COOKIE_SECURE)"
    )
    result = _run(tmp_path, "-c", code)

    assert result.stdout.split() == ["True", "31536000", "True", "True", "True"]
