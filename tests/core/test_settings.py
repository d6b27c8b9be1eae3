"""Production mode refuses unsafe settings; the console script works from anywhere."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PORRAS = str(Path(sys.executable).with_name("porras"))
STRONG_KEY = "k" * 20 + "-production-secret-for-tests-only-" + "x" * 20


def run_porras(*args, env_extra, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORRAS_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(env_extra)
    return subprocess.run(
        [PORRAS, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def test_production_refuses_the_development_key(tmp_path):
    result = run_porras(
        "check",
        cwd=tmp_path,
        env_extra={
            "PORRAS_ENV": "production",
            "PORRAS_ALLOWED_HOSTS": "porras.example.fi",
            "PORRAS_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "PORRAS_SECRET_KEY" in result.stderr


def test_production_refuses_the_development_audit_key(tmp_path):
    result = run_porras(
        "check",
        cwd=tmp_path,
        env_extra={
            "PORRAS_ENV": "production",
            "PORRAS_SECRET_KEY": STRONG_KEY,
            "PORRAS_ALLOWED_HOSTS": "porras.example.fi",
            "PORRAS_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "PORRAS_AUDIT_KEY" in result.stderr


def test_production_reads_the_audit_key_from_a_file(tmp_path):
    key_file = tmp_path / "audit.key"
    key_file.write_text("a" * 40 + "\n")
    result = run_porras(
        "check",
        cwd=tmp_path,
        env_extra={
            "PORRAS_ENV": "production",
            "PORRAS_SECRET_KEY": STRONG_KEY,
            "PORRAS_AUDIT_KEY_FILE": str(key_file),
            "PORRAS_ALLOWED_HOSTS": "porras.example.fi",
            "PORRAS_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr


def test_production_deploy_check_is_clean(tmp_path):
    result = run_porras(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        cwd=tmp_path,
        env_extra={
            "PORRAS_ENV": "production",
            "PORRAS_SECRET_KEY": STRONG_KEY,
            "PORRAS_AUDIT_KEY": "audit-" + STRONG_KEY,
            "PORRAS_ALLOWED_HOSTS": "porras.example.fi",
            "PORRAS_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_console_script_runs_from_any_directory(tmp_path):
    result = run_porras(
        "migrate", "--no-input", cwd=tmp_path, env_extra={"PORRAS_DATA_DIR": str(tmp_path / "data")}
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "porras.sqlite3").exists()


@pytest.mark.parametrize("bad_url", ["mysql-nonsense://", "postgres://"])
def test_unusable_database_url_fails_loudly(tmp_path, bad_url):
    result = run_porras(
        "migrate",
        "--no-input",
        cwd=tmp_path,
        env_extra={"DATABASE_URL": bad_url, "PORRAS_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode != 0
