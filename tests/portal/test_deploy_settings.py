"""Production settings are complete and pass Django's deployment checks without warnings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
            "ALLOWED_HOSTS": "samverkan.example.se",
            "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1/x"),
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        }
    )
    env.update(extra_env or {})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean(database_url):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", extra_env={"DATABASE_URL": database_url}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", extra_env={"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_logs_are_structured_json():
    import json

    result = run_manage(
        "shell", "-c", "import logging; logging.getLogger('portal').warning('hej %s', 'världen')"
    )
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "hej" in line]
    record = json.loads(line)
    assert record["message"] == "hej världen"
    assert record["level"] == "WARNING"
    assert record["logger"] == "portal"


def test_production_loads_no_development_tooling():
    """devtools (embedded servers, demo data with its published password, seed_demo,
    runportal) is installed by the dev and test settings only: production neither imports it
    nor lists it, so its commands do not exist there."""
    script = (
        "import sys, django; django.setup();"
        "from django.apps import apps; from django.core.management import get_commands;"
        "print('MODULES', sorted(m for m in sys.modules if m.split('.')[0] == 'devtools'));"
        "print('INSTALLED', apps.is_installed('devtools'));"
        "print('COMMANDS', sorted({'seed_demo', 'seed_bench', 'runportal'} & set(get_commands())))"
    )
    result = run_manage("shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert "MODULES []" in result.stdout
    assert "INSTALLED False" in result.stdout
    assert "COMMANDS []" in result.stdout
    result = run_manage("seed_demo")
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr
