"""Settings fail closed: production refuses to start without what it needs.

The profile is chosen when settings are imported, so each case runs ``manage.py check``
in a child process with a clean environment (no ``PYTEST_VERSION``, which would select
the test profile). The typed readers in ``dueregard/env.py`` are tested directly.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from dueregard.env import env_bool, env_choice, env_int, env_list, env_str

PRODUCTION_ENV = {
    "DUEREGARD_PROFILE": "production",
    "SECRET_KEY": secrets.token_urlsafe(48),  # 64 varied characters, new every run
    "ALLOWED_HOSTS": "dueregard.example",
    "DATABASE_URL": "postgresql://dueregard@127.0.0.1:5432/dueregard",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.dueregard.example",
    "DEFAULT_FROM_EMAIL": "dueregard@dueregard.example",
    "SITE_URL": "https://dueregard.example",
    "DUEREGARD_ENCRYPTION_KEYS": "test:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    "DUEREGARD_AUDIT_KEYS": "ci:" + base64.b64encode(os.urandom(32)).decode(),
}


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a child with only ``env`` (plus PATH and a scratch var dir)."""
    child_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DUEREGARD_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=child_env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def without(name: str) -> dict[str, str]:
    return {key: value for key, value in PRODUCTION_ENV.items() if key != name}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        pytest.param(without("SECRET_KEY"), "SECRET_KEY must be set", id="no-secret-key"),
        pytest.param(
            {**PRODUCTION_ENV, "SECRET_KEY": "too-short"},
            "SECRET_KEY must be at least 50",
            id="short-secret-key",
        ),
        pytest.param(
            {**PRODUCTION_ENV, "SECRET_KEY": "a" * 60},
            "SECRET_KEY must be at least 50 varied",
            id="monotonous-secret-key",
        ),
        pytest.param(without("ALLOWED_HOSTS"), "ALLOWED_HOSTS must be set", id="no-hosts"),
        pytest.param(without("DATABASE_URL"), "DATABASE_URL must be set", id="no-database"),
        pytest.param(
            {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/dueregard.sqlite3"},
            "DATABASE_URL must be a PostgreSQL URL",
            id="sqlite-database",
        ),
        pytest.param(without("REDIS_URL"), "REDIS_URL must be set", id="no-redis"),
        pytest.param(without("EMAIL_HOST"), "EMAIL_HOST must be set", id="no-mail-host"),
        pytest.param(
            without("DEFAULT_FROM_EMAIL"), "DEFAULT_FROM_EMAIL must be set", id="no-from-address"
        ),
        pytest.param(without("SITE_URL"), "SITE_URL must be set", id="no-site-url"),
        pytest.param(
            {**PRODUCTION_ENV, "SITE_URL": "http://dueregard.example"},
            "SITE_URL must be set to the https://",
            id="plain-http-site-url",
        ),
        pytest.param(
            {"DUEREGARD_PROFILE": "dev", "DEBUG": "maybe"},
            "DEBUG must be true or false, not 'maybe'",
            id="bad-boolean",
        ),
        pytest.param(
            {"DUEREGARD_PROFILE": "staging"},
            "DUEREGARD_PROFILE must be one of production, dev, test",
            id="unknown-profile",
        ),
    ],
)
def test_misconfigured_environment_refuses_to_start(
    env: dict[str, str], message: str, tmp_path: Path
) -> None:
    completed = manage("check", env=env, tmp_path=tmp_path)
    assert completed.returncode != 0, completed.stdout
    # Said plainly, with the profiles to choose from, never as a traceback.
    assert "Traceback" not in completed.stderr
    assert "The profiles are:" in completed.stderr
    assert message in completed.stderr


def test_production_is_the_default_profile(tmp_path: Path) -> None:
    # With no profile named, a missing secret must stop the start, not pick dev defaults.
    completed = manage("check", env={}, tmp_path=tmp_path)
    assert completed.returncode != 0
    assert "SECRET_KEY must be set in the production profile" in completed.stderr


def test_manage_without_a_profile_says_which_profiles_exist(tmp_path: Path) -> None:
    completed = manage("migrate", env={}, tmp_path=tmp_path)

    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert "DUEREGARD_PROFILE is not set, so the production profile was used." in completed.stderr
    for profile in ("production", "dev", "test"):
        assert f"  {profile} " in completed.stderr
    assert "DUEREGARD_PROFILE=dev ./manage.py" in completed.stderr


def test_dev_run_refuses_a_port_that_is_no_port() -> None:
    for args in (["--port", "abc"], ["--port", "70000"], ["--bogus"], ["--port"]):
        completed = subprocess.run(  # noqa: S603 - our own script
            [str(settings.BASE_DIR / "dev"), "run", *args],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert completed.returncode != 0, args
        assert "dev:" in completed.stderr and "port" in completed.stderr, args


def test_complete_production_environment_passes_deploy_checks(tmp_path: Path) -> None:
    completed = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path
    )
    assert completed.returncode == 0, completed.stderr
    assert "no issues" in completed.stdout


def test_secret_may_come_from_a_file_in_production(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret_key"
    secret_file.write_text(PRODUCTION_ENV["SECRET_KEY"] + "\n", encoding="utf-8")
    env = {**without("SECRET_KEY"), "SECRET_KEY_FILE": str(secret_file)}
    completed = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert completed.returncode == 0, completed.stderr


def test_env_example_lists_every_variable_settings_reads() -> None:
    source = (settings.BASE_DIR / "dueregard" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:env_\w+|_required)\(\s*"([A-Z][A-Z0-9_]*)"', source))
    example = (settings.BASE_DIR / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    assert read, "found no environment reads in settings.py"
    assert read - listed == set()


# --- dueregard/env.py ---------------------------------------------------------------------


def test_env_str_reads_the_variable_or_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUEREGARD_T", raising=False)
    monkeypatch.delenv("DUEREGARD_T_FILE", raising=False)
    assert env_str("DUEREGARD_T") is None
    assert env_str("DUEREGARD_T", "fallback") == "fallback"
    monkeypatch.setenv("DUEREGARD_T", "value")
    assert env_str("DUEREGARD_T", "fallback") == "value"


def test_file_variant_wins_and_is_stripped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("  from-file\n", encoding="utf-8")
    monkeypatch.setenv("DUEREGARD_T", "from-env")
    monkeypatch.setenv("DUEREGARD_T_FILE", str(secret))
    assert env_str("DUEREGARD_T") == "from-file"


def test_file_variant_pointing_nowhere_fails_loudly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DUEREGARD_T_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="DUEREGARD_T_FILE points at an unreadable"):
        env_str("DUEREGARD_T")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" ON ", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_accepts_plain_yes_and_no(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("DUEREGARD_T", raw)
    assert env_bool("DUEREGARD_T", not expected) is expected


def test_env_bool_uses_default_when_unset_and_refuses_anything_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DUEREGARD_T", raising=False)
    assert env_bool("DUEREGARD_T", True) is True
    monkeypatch.setenv("DUEREGARD_T", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DUEREGARD_T must be true or false"):
        env_bool("DUEREGARD_T", True)


def test_env_bool_reads_the_file_variant(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    flag = tmp_path / "flag"
    flag.write_text("false\n", encoding="utf-8")
    monkeypatch.setenv("DUEREGARD_T_FILE", str(flag))
    assert env_bool("DUEREGARD_T", True) is False


def test_env_int_parses_numbers_and_refuses_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUEREGARD_T", raising=False)
    assert env_int("DUEREGARD_T", 7) == 7
    monkeypatch.setenv("DUEREGARD_T", "")
    assert env_int("DUEREGARD_T", 7) == 7
    monkeypatch.setenv("DUEREGARD_T", "42")
    assert env_int("DUEREGARD_T", 7) == 42
    monkeypatch.setenv("DUEREGARD_T", "lots")
    with pytest.raises(ImproperlyConfigured, match="DUEREGARD_T must be a whole number"):
        env_int("DUEREGARD_T", 7)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUEREGARD_T", raising=False)
    assert env_list("DUEREGARD_T") == []
    assert env_list("DUEREGARD_T", ["a"]) == ["a"]
    monkeypatch.setenv("DUEREGARD_T", " a.example, ,b.example,")
    assert env_list("DUEREGARD_T") == ["a.example", "b.example"]


def test_env_choice_accepts_only_listed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUEREGARD_T", raising=False)
    assert env_choice("DUEREGARD_T", ("a", "b"), "a") == "a"
    monkeypatch.setenv("DUEREGARD_T", "b")
    assert env_choice("DUEREGARD_T", ("a", "b"), "a") == "b"
    monkeypatch.setenv("DUEREGARD_T", "c")
    with pytest.raises(ImproperlyConfigured, match="DUEREGARD_T must be one of a, b"):
        env_choice("DUEREGARD_T", ("a", "b"), "a")
