"""Settings come from the environment; bad values stop the start-up with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def _start(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    clean.update(PLAKATS_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="plakats.settings", **env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.SECRET_KEY); print(settings.DATABASES['default']['ENGINE']);"
            " print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_refuses_to_start_with_a_bad_boolean(tmp_path):
    result = _start(tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_it_refuses_to_start_with_a_bad_database_url(tmp_path):
    result = _start(tmp_path, DATABASE_URL="nosuchdb://x")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_it_generates_a_development_key_once_and_keeps_it(tmp_path):
    first = _start(tmp_path)
    second = _start(tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text().strip()
    assert first.stdout.splitlines()[0] == key == second.stdout.splitlines()[0]
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_it_uses_the_secret_key_from_the_environment(tmp_path):
    result = _start(tmp_path, SECRET_KEY="from-the-environment")
    assert result.stdout.splitlines()[0] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_it_switches_to_postgresql_by_database_url(tmp_path):
    result = _start(tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/plakats")
    assert result.stdout.splitlines()[1] == "django.db.backends.postgresql"


def test_it_turns_postgresql_jit_off_unless_the_url_says_otherwise(tmp_path):
    default = _start(tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/plakats")
    chosen = _start(
        tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/plakats?options=-c%20jit%3Don"
    )
    assert default.stdout.splitlines()[2] == "-c jit=off"
    assert chosen.stdout.splitlines()[2] == "-c jit=on"


def test_it_runs_sqlite_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PLAKATS_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="plakats.settings")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["wal", "20000"], result.stderr


def test_it_defaults_to_riga_time():
    assert os.environ.get("TIME_ZONE", "Europe/Riga") == settings.TIME_ZONE
