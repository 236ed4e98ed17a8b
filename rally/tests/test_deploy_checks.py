import os
import secrets
import subprocess
import sys

from testsupport.site import BASE_DIR

PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "rally.example.com",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
}


def check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def clean_env():
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }


def test_check_deploy_is_clean_under_production_settings():
    result = check_deploy(
        {**clean_env(), **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_development_secret_key():
    result = check_deploy({**clean_env(), **PRODUCTION_ENV})
    assert result.returncode != 0
    assert "security.W009" in result.stderr
