"""Production settings pass Django's deployment checks with no warning."""

from __future__ import annotations

import os
import subprocess
import sys


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    env = {
        **os.environ,
        "REFERENCEMENT_ENV": "production",
        "REFERENCEMENT_SECRET_KEY": "x" * 20
        + "-not-a-real-secret-but-long-and-random-enough-9f8e7d",
        "REFERENCEMENT_ALLOWED_HOSTS": "referencement.example",
        "REFERENCEMENT_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "referencement.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "referencement.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "REFERENCEMENT_ENV": "production", "REFERENCEMENT_HOME": str(tmp_path)}
    env.pop("REFERENCEMENT_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "referencement.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "REFERENCEMENT_SECRET_KEY" in result.stderr
