import os
import re
import secrets
import subprocess
import sys

import pytest

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


def readme_production_env():
    """The README's "Production environment, at least" block, as an operator copies it."""
    text = (BASE_DIR / "README.md").read_text()
    block = re.search(r"Production environment, at least:\s*```sh\n(.*?)```", text, re.S).group(1)
    pairs = (line.split("#", 1)[0].strip() for line in block.splitlines())
    return dict(pair.split("=", 1) for pair in pairs if pair)


def test_check_deploy_is_clean_with_the_readmes_production_environment():
    documented = readme_production_env()
    assert documented["SECURE_SSL_REDIRECT"] == "1"
    documented["SECRET_KEY"] = secrets.token_urlsafe(50)  # "from your secret store"
    result = check_deploy({**clean_env(), **documented})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_the_ssl_redirect_spares_the_nodes_own_health_checks_and_scrape(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200, "curl http://127.0.0.1:8001/healthz"
    assert client.get("/healthz/loops").status_code in (200, 503)
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/").status_code == 301
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200, "through nginx"


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
